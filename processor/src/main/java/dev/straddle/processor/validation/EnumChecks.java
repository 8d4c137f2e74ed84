package dev.straddle.processor.validation;

import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.processor.model.EnumModel;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.Site;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of enum types and their labels (docs/ARCHITECTURE.md, "Enum types"): names, labels,
 * and column types that are a near miss of a known enum type.
 */
public final class EnumChecks {

  /**
   * Type names PostgreSQL has built in (and a few common extension types), as the first word of a
   * type: never taken for a misspelt enum type.
   */
  private static final Set<String> BUILT_IN =
      Set.of(
          "bigint",
          "bigserial",
          "bit",
          "bool",
          "boolean",
          "box",
          "bpchar",
          "bytea",
          "char",
          "character",
          "cidr",
          "circle",
          "date",
          "daterange",
          "datemultirange",
          "dec",
          "decimal",
          "double",
          "float",
          "float4",
          "float8",
          "inet",
          "int",
          "int2",
          "int4",
          "int8",
          "int4range",
          "int8range",
          "integer",
          "interval",
          "json",
          "jsonb",
          "jsonpath",
          "line",
          "lseg",
          "macaddr",
          "macaddr8",
          "money",
          "name",
          "national",
          "nchar",
          "numeric",
          "numrange",
          "oid",
          "path",
          "pg_lsn",
          "point",
          "polygon",
          "real",
          "regclass",
          "regproc",
          "regtype",
          "serial",
          "serial2",
          "serial4",
          "serial8",
          "smallint",
          "smallserial",
          "text",
          "time",
          "timestamp",
          "timestamptz",
          "timetz",
          "tsquery",
          "tsrange",
          "tstzrange",
          "tsvector",
          "txid_snapshot",
          "uuid",
          "varbit",
          "varchar",
          "xml",
          "citext",
          "hstore",
          "ltree",
          "geometry",
          "geography",
          "vector",
          "cube");

  private final ValidationReport report;
  private final SchemaModel model;
  private final int migrationId;

  EnumChecks(ValidationReport report, SchemaModel model, int migrationId) {
    this.report = report;
    this.model = model;
    this.migrationId = migrationId;
  }

  /**
   * A type's name, {@code name} or {@code schema.name}, as a declaration gives it; true when valid.
   */
  public boolean name(Site site, String attribute, String declared) {
    Sql sql = new Sql(report);
    int dot = declared.indexOf('.');
    if (dot < 0) {
      return sql.identifier(site, attribute, "enum type", declared);
    }
    return sql.identifier(site, attribute, "schema", declared.substring(0, dot))
        & sql.identifier(site, attribute, "enum type", declared.substring(dot + 1));
  }

  /** The enum type {@code type} as the model knows it; null (reported) when it does not. */
  public EnumModel known(Site site, String attribute, String type) {
    EnumModel known = model.enumType(type);
    if (known == null) {
      report.error(
          site,
          attribute,
          Message.UNKNOWN_ENUM,
          type,
          migrationId,
          Suggestions.hint(type, model.enumNames()));
    }
    return known;
  }

  /**
   * A label as a string: not empty, at most 63 bytes (PostgreSQL's limit), and without the dollar
   * quote the generated contract block uses.
   */
  public boolean label(Site site, String attribute, String type, String label) {
    String problem = null;
    if (label.isEmpty()) {
      problem = "a label cannot be empty";
    } else if (label.getBytes(StandardCharsets.UTF_8).length > 63) {
      problem = "a label is at most 63 bytes long";
    } else if (label.contains(SqlExpression.BODY_TAG)) {
      problem = "a label cannot contain " + SqlExpression.BODY_TAG;
    }
    if (problem != null) {
      report.error(site, attribute, Message.ENUM_LABEL, label, type, problem);
    }
    return problem == null;
  }

  /** {@code label} is a label of {@code type} now (reported, with why not, when it is not). */
  public boolean has(Site site, String attribute, EnumModel type, String label) {
    if (type.has(label)) {
      return true;
    }
    EnumModel.GoneLabel gone = type.gone(label);
    String why =
        gone != null
            ? "it was " + gone.describe()
            : "no such label at migration "
                + migrationId
                + " (its labels: "
                + String.join(", ", type.labels())
                + ")"
                + Suggestions.hint(label, type.labels()).replace('"', '\'');
    report.error(site, attribute, Message.ENUM_LABEL, label, type.name(), why);
    return false;
  }

  /** {@code label} is not a label of {@code type} yet (reported when it is). */
  public boolean lacks(Site site, String attribute, EnumModel type, String label) {
    if (!type.has(label)) {
      return true;
    }
    report.error(
        site, attribute, Message.ENUM_LABEL, label, type.name(), "the type already has it");
    return false;
  }

  /**
   * A column type that is a near miss of a known enum type ({@code job_stauts} for {@code
   * job_status}) is reported: it would fail the expand. Any other name is accepted (built-in types,
   * known enums, and types Straddle does not manage, which the drift check and PostgreSQL see).
   */
  boolean columnType(Site site, String attribute, String what, String type, Set<String> extra) {
    String base = baseName(type);
    if (base == null || BUILT_IN.contains(base) || model.enumType(base) != null) {
      return true;
    }
    Set<String> known = new HashSet<>(model.enumNames());
    known.addAll(extra);
    if (known.contains(base)) {
      return true;
    }
    String hint = Suggestions.hint(base, known);
    if (hint.isEmpty()) {
      return true;
    }
    report.error(site, attribute, Message.UNKNOWN_TYPE, what, type.trim(), migrationId, hint);
    return false;
  }

  /** The type's name without modifiers and array brackets, lower case; null when quoted. */
  private static String baseName(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    if (t.contains("\"")) {
      return null;
    }
    int end = 0;
    while (end < t.length()
        && (Character.isLetterOrDigit(t.charAt(end)) || "_$.".indexOf(t.charAt(end)) >= 0)) {
      end++;
    }
    return end == 0 ? null : t.substring(0, end);
  }
}
