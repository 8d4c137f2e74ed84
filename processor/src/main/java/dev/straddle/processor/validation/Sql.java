package dev.straddle.processor.validation;

import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.processor.reading.Site;
import java.util.Locale;
import java.util.Map;

/** Checks of identifiers and raw SQL, reported at the attribute that holds them. */
public final class Sql {

  /** Spellings PostgreSQL treats as the same type, so a rename's {@code type} may use either. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("int", "integer"),
          Map.entry("int4", "integer"),
          Map.entry("int8", "bigint"),
          Map.entry("int2", "smallint"),
          Map.entry("bool", "boolean"),
          Map.entry("float8", "double precision"),
          Map.entry("float4", "real"),
          Map.entry("varchar", "character varying"),
          Map.entry("timestamptz", "timestamp with time zone"),
          Map.entry("timestamp", "timestamp without time zone"));

  private final ValidationReport report;

  Sql(ValidationReport report) {
    this.report = report;
  }

  /** A table name, {@code name} or {@code schema.name}; true when valid. */
  public boolean table(Site site, String attribute, String declared) {
    int dot = declared.indexOf('.');
    if (dot < 0) {
      return identifier(site, attribute, "table", declared);
    }
    return identifier(site, attribute, "schema", declared.substring(0, dot))
        & identifier(site, attribute, "table", declared.substring(dot + 1));
  }

  public boolean identifier(Site site, String attribute, String what, String name) {
    String problem = Identifiers.problem(name);
    if (problem != null) {
      report.error(site, attribute, Message.INVALID_IDENTIFIER, what, name, problem);
    }
    return problem == null;
  }

  /** A raw SQL fragment; an empty one is fine unless {@code required}. */
  public boolean expression(
      Site site, String attribute, String what, String text, boolean required) {
    if (text.isEmpty() && !required) {
      return true;
    }
    String problem = SqlExpression.of(text).problem();
    if (problem != null) {
      report.error(site, attribute, Message.UNSAFE_SQL, what, problem);
    }
    return problem == null;
  }

  /**
   * A {@code type} attribute: safe to embed, and a type name with nothing after it (no constraint,
   * default or clause); an empty one is fine unless {@code required}.
   */
  public boolean type(Site site, String attribute, String what, String text, boolean required) {
    if (!expression(site, attribute, what, text, required)) {
      return false;
    }
    if (text.isEmpty()) {
      return true; // not required (expression() reported it otherwise)
    }
    String problem = TypeSyntax.problem(text);
    if (problem != null) {
      report.error(site, attribute, Message.INVALID_TYPE, what, text, problem);
    }
    return problem == null;
  }

  /** Whether two declared types name the same PostgreSQL type, as far as spelling shows. */
  public static boolean sameType(String a, String b) {
    return normalize(a).equals(normalize(b));
  }

  /** The type as {@link #sameType} compares it (lower case, aliases resolved). */
  static String normalizeType(String type) {
    return normalize(type);
  }

  private static String normalize(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    return ALIASES.getOrDefault(t, t);
  }
}
