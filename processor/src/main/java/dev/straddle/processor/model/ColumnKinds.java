package dev.straddle.processor.model;

import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.plan.sql.TableName;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a column's type and default mean for adding it to a live table (docs/ARCHITECTURE.md,
 * "Volatile defaults"). PostgreSQL adds a column with a non-volatile default by a catalog change
 * alone (the "fast default"), but a volatile default, a serial type or a generated column makes it
 * rewrite the whole table under ACCESS EXCLUSIVE, stamping every row with the expand's transaction
 * id, so the backfill would take them all for rows written since.
 *
 * <p>The classification is conservative: a default is non-volatile only when every function it
 * calls is on a short list of functions PostgreSQL declares immutable or stable. Anything else,
 * including every user-defined function, counts as volatile: a stable default taken for volatile
 * only costs a backfill, a volatile one taken for stable would rewrite the table.
 */
public final class ColumnKinds {

  /** Functions (and keywords written like calls) that PostgreSQL does not declare volatile. */
  private static final Set<String> NON_VOLATILE =
      Set.of(
          "now",
          "current_timestamp",
          "current_date",
          "current_time",
          "localtime",
          "localtimestamp",
          "transaction_timestamp",
          "statement_timestamp",
          "current_user",
          "session_user",
          "current_schema",
          "current_setting",
          "cast",
          "coalesce",
          "nullif",
          "greatest",
          "least",
          "lower",
          "upper",
          "length",
          "char_length",
          "substr",
          "substring",
          "trim",
          "btrim",
          "ltrim",
          "rtrim",
          "replace",
          "concat",
          "concat_ws",
          "left",
          "right",
          "lpad",
          "rpad",
          "md5",
          "abs",
          "round",
          "floor",
          "ceil",
          "ceiling",
          "trunc",
          "mod",
          "power",
          "sqrt",
          "date_trunc",
          "date_part",
          "extract",
          "make_date",
          "make_time",
          "make_timestamp",
          "make_timestamptz",
          "make_interval",
          "to_char",
          "to_date",
          "to_timestamp",
          "to_number",
          "to_json",
          "to_jsonb",
          "json_build_object",
          "jsonb_build_object",
          "json_build_array",
          "jsonb_build_array",
          "array_fill",
          "row",
          // keywords followed by a parenthesis, not calls
          "and",
          "or",
          "not",
          "in",
          "is",
          "case",
          "when",
          "then",
          "else",
          "like",
          "ilike",
          "between",
          "any",
          "all",
          "some",
          "array",
          "distinct",
          "interval");

  /** serial types and the integer type of the column they make. */
  private static final Map<String, String> SERIALS =
      Map.of(
          "smallserial", "smallint",
          "serial2", "smallint",
          "serial", "integer",
          "serial4", "integer",
          "bigserial", "bigint",
          "serial8", "bigint");

  private static final Pattern GENERATED =
      Pattern.compile("\\bgenerated\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern IDENTITY =
      Pattern.compile("\\bidentity\\b", Pattern.CASE_INSENSITIVE);

  private ColumnKinds() {}

  /**
   * Whether {@code defaultValue} may be volatile (it calls a function not known to be immutable or
   * stable); false for an empty default.
   */
  public static boolean volatileDefault(String defaultValue) {
    if (defaultValue.isBlank()) {
      return false;
    }
    for (String function : SqlExpression.of(defaultValue).functionCalls()) {
      if (!NON_VOLATILE.contains(function)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The integer type a serial type ({@code serial}, {@code bigserial}, ...) stands for, or {@code
   * null} when {@code type} is not one.
   */
  public static String serialBase(String type) {
    return SERIALS.get(type.trim().toLowerCase(Locale.ROOT));
  }

  /** The sequence of a serial column added by a migration, beside its table. */
  public static TableName serialSequence(TableName table, String column) {
    return new TableName(table.schema(), Identifiers.fit(table.name() + "_" + column + "_seq"));
  }

  /** {@code nextval('<sequence>'::regclass)}: the default of a serial column. */
  public static String nextval(TableName sequence) {
    return "nextval(" + Identifiers.literal(sequence.sql()) + "::regclass)";
  }

  /**
   * The column {@code @AddColumn} leaves in the database: a serial type becomes its integer type,
   * NOT NULL, with the {@code nextval} default (what a later migration sees and copies).
   */
  public static ColumnModel added(
      String table, String column, String type, boolean notNull, String defaultValue) {
    String serial = serialBase(type);
    if (serial == null) {
      return new ColumnModel(column, type, notNull, defaultValue, false);
    }
    TableName sequence = serialSequence(TableName.parse(table), column);
    return new ColumnModel(column, serial, true, nextval(sequence), false);
  }

  /** Whether {@code type} declares a generated column ({@code GENERATED ... AS ...}). */
  public static boolean generated(String type) {
    return GENERATED.matcher(type).find();
  }

  /** Whether {@code type} declares an identity column ({@code GENERATED ... AS IDENTITY}). */
  public static boolean identity(String type) {
    return generated(type) && IDENTITY.matcher(type).find();
  }
}
