package dev.straddle.plan.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain indexes of a widened column, built again on its shadow column at backfill and renamed
 * to their own names at contract (docs/ARCHITECTURE.md, "Column type changes"). The processor's
 * contract and the runtime's backfill share the catalog query and the copy's name.
 */
public final class ShadowIndexes {

  private ShadowIndexes() {}

  /** The copy of index {@code relname} (a SQL expression), in the index's schema. */
  public static String copyName(String relname) {
    return "'straddle_' || left(md5(" + relname + "::text), 16)";
  }

  /**
   * The plain indexes (not backing a constraint, on a plain table) that depend on a column, with
   * parameters table ({@code schema.name} as SQL) and column: index name, schema, the copy's name,
   * {@code pg_get_indexdef}, the column as {@code pg_get_indexdef} quotes it.
   */
  public static String query(String table, String column) {
    return "SELECT i.relname, n.nspname, "
        + copyName("i.relname")
        + " AS copy, pg_get_indexdef(i.oid) AS definition, quote_ident(a.attname) AS col\n"
        + "  FROM pg_depend d\n"
        + "  JOIN pg_class t ON t.oid = d.refobjid AND t.relkind = 'r'\n"
        + "  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid\n"
        + "  JOIN pg_class i ON i.oid = d.objid AND i.relkind = 'i'\n"
        + "  JOIN pg_namespace n ON n.oid = i.relnamespace\n"
        + " WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass\n"
        + "   AND d.refobjid = to_regclass("
        + table
        + ") AND a.attname = "
        + column
        + "\n"
        + " GROUP BY i.oid, i.relname, n.nspname, a.attname\n"
        + " ORDER BY i.relname";
  }

  /**
   * The {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS} of {@code copy} from {@code definition}
   * (from {@code pg_get_indexdef}): the same method, columns, expressions, {@code INCLUDE} and
   * predicate, with {@code column} (quoted as {@code pg_get_indexdef} quotes it) replaced by {@code
   * shadow}; null when the definition is not that simple (the column's name inside a string
   * literal, or the shadow's name there already).
   */
  public static String create(String definition, String column, String shadow, String copy) {
    int on = definition.indexOf(" ON ");
    int using = definition.indexOf(" USING ", on);
    if (on < 0 || using < 0 || !definition.startsWith("CREATE ")) {
      return null;
    }
    String head = definition.substring(0, on);
    String tail = definition.substring(using);
    String quotedShadow = quoteLikePostgres(shadow);
    if (tail.contains(quotedShadow) || literalMentions(tail, column)) {
      return null;
    }
    Pattern name =
        column.startsWith("\"")
            ? Pattern.compile(Pattern.quote(column))
            : Pattern.compile("(?<![\\w$\"])" + Pattern.quote(column) + "(?![\\w$\"])");
    Matcher m = name.matcher(tail);
    if (!m.find()) {
      return null;
    }
    String replaced = m.replaceAll(Matcher.quoteReplacement(quotedShadow));
    return (head.startsWith("CREATE UNIQUE ") ? "CREATE UNIQUE INDEX" : "CREATE INDEX")
        + " CONCURRENTLY IF NOT EXISTS "
        + Identifiers.quote(copy)
        + definition.substring(on, using)
        + replaced;
  }

  private static boolean literalMentions(String tail, String column) {
    Matcher literal = Pattern.compile("'(?:[^']|'')*'").matcher(tail);
    while (literal.find()) {
      if (literal.group().contains(column.replace("\"", ""))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Shadow names are lower case letters, digits and underscores: unquoted, as PostgreSQL prints.
   */
  private static String quoteLikePostgres(String name) {
    return name.matches("[a-z_][a-z0-9_$]*") ? name : Identifiers.quote(name);
  }
}
