package dev.straddle.plan.sql;

/**
 * A table as declared: {@code name} or {@code schema.name}. Without a schema the table is found
 * through the connection's {@code search_path}, as in plain SQL.
 */
public record TableName(String schema, String name) {

  /** Parses {@code name} or {@code schema.name}. */
  public static TableName parse(String declared) {
    int dot = declared.indexOf('.');
    return dot < 0
        ? new TableName(null, declared)
        : new TableName(declared.substring(0, dot), declared.substring(dot + 1));
  }

  /** The quoted, optionally schema-qualified name for SQL. */
  public String sql() {
    return qualify(name);
  }

  /** {@code "schema"."other"} (or just {@code "other"}): an object living beside this table. */
  public String qualify(String other) {
    return schema == null
        ? Identifiers.quote(other)
        : Identifiers.quote(schema) + "." + Identifiers.quote(other);
  }

  /** The declared spelling, {@code name} or {@code schema.name}. */
  @Override
  public String toString() {
    return schema == null ? name : schema + "." + name;
  }
}
