package dev.straddle.runtime.internal;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Declared facts against the live catalog. Types are compared by base type as PostgreSQL names it
 * ({@code int} and {@code integer} match); type modifiers ({@code varchar(20)}) are not compared.
 */
public final class DriftCheck {

  private final Catalog catalog;

  public DriftCheck(Connection connection) {
    this.catalog = new Catalog(connection);
  }

  /** One line per expectation the catalog contradicts; empty when all hold. */
  public List<String> problems(List<SchemaExpectation> expectations) throws SQLException {
    List<String> out = new ArrayList<>();
    for (SchemaExpectation e : expectations) {
      String problem = problem(e);
      if (problem != null) {
        out.add(problem);
      }
    }
    return out;
  }

  private String problem(SchemaExpectation e) throws SQLException {
    TableName table = TableName.parse(e.table());
    boolean tableExists = catalog.tableExists(table);
    if (e.column() == null) {
      if (e.present() != tableExists) {
        return "table " + e.table() + (e.present() ? " does not exist" : " already exists");
      }
      return null;
    }
    if (!tableExists) {
      return e.present() ? "table " + e.table() + " does not exist" : null;
    }
    Map<String, String> columns = catalog.columnTypes(table);
    String live = columns.get(e.column());
    String where = "column " + e.table() + "." + e.column();
    if (!e.present()) {
      return live == null ? null : where + " already exists";
    }
    if (live == null) {
      return where + " does not exist";
    }
    if (e.type() != null && !e.type().isBlank()) {
      String declared = catalog.normalizeType(e.type());
      if (declared == null) {
        return where + ": declared type '" + e.type() + "' is not a type this database knows";
      }
      if (!declared.equals(live)) {
        return where + " is " + live + ", declared as " + e.type();
      }
    }
    return null;
  }
}
