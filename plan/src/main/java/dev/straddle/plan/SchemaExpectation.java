package dev.straddle.plan;

/**
 * A fact about the live catalog that a migration (or the baseline) relies on.
 *
 * @param table {@code name} or {@code schema.name}
 * @param column the column, or {@code null} for a fact about the table itself
 * @param type the declared type, or empty when it was not declared
 * @param present whether the table or column must exist ({@code false}: must not exist yet)
 */
public record SchemaExpectation(String table, String column, String type, boolean present) {

  public static SchemaExpectation tableExists(String table) {
    return new SchemaExpectation(table, null, "", true);
  }

  public static SchemaExpectation tableAbsent(String table) {
    return new SchemaExpectation(table, null, "", false);
  }

  public static SchemaExpectation columnExists(String table, String column, String type) {
    return new SchemaExpectation(table, column, type, true);
  }

  public static SchemaExpectation columnAbsent(String table, String column) {
    return new SchemaExpectation(table, column, "", false);
  }
}
