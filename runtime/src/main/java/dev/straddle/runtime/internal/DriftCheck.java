package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SchemaExpectation.Subject;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declared facts against the live catalog. Types are compared by base type as PostgreSQL names it
 * ({@code int} and {@code integer} match); type modifiers ({@code varchar(20)}) are not compared.
 * Constraint and key facts are read in one catalog query for all their tables (docs/RUNTIME.md,
 * "Drift check").
 */
public final class DriftCheck {

  private final Catalog catalog;

  public DriftCheck(Connection connection) {
    this.catalog = new Catalog(connection);
  }

  /** One line per expectation the catalog contradicts; empty when all hold. */
  public List<String> problems(List<SchemaExpectation> expectations) throws SQLException {
    return problems(expectations, List.of());
  }

  /**
   * As {@link #problems(List)}, leaving out constraint facts about a name that a migration still to
   * contract ({@code uncontracted}: expanded, not contracted) names in its contract statements: it
   * may add, rename or drop that constraint first, so whether the name exists when this migration
   * uses it is decided then (PostgreSQL checks it at that statement).
   */
  public List<String> problems(
      List<SchemaExpectation> expectations, Collection<PlannedMigration> uncontracted)
      throws SQLException {
    List<SchemaExpectation> constraintFacts = new ArrayList<>();
    Set<String> tables = new LinkedHashSet<>();
    for (SchemaExpectation e : expectations) {
      if (e.subject() == Subject.CONSTRAINT && !unsettled(e.constraint(), uncontracted)
          || e.subject() == Subject.KEY) {
        constraintFacts.add(e);
        tables.add(e.table());
      }
    }
    Catalog.Constraints live =
        constraintFacts.isEmpty() ? Catalog.Constraints.NONE : catalog.constraints(tables);
    List<String> out = new ArrayList<>();
    for (SchemaExpectation e : expectations) {
      String problem =
          switch (e.subject()) {
            case TABLE, COLUMN -> problem(e);
            case CONSTRAINT, KEY -> constraintFacts.contains(e) ? problem(e, live) : null;
            case TRIGGER -> triggerProblem(e);
            case FUNCTION -> functionProblem(e);
          };
      if (problem != null) {
        out.add(problem);
      }
    }
    return out;
  }

  /**
   * Whether a contract statement of {@code uncontracted} adds, drops or renames a constraint of
   * that name, or renames one to it ({@code VALIDATE CONSTRAINT} leaves it as it is).
   */
  private static boolean unsettled(String constraint, Collection<PlannedMigration> uncontracted) {
    String quoted = Identifiers.quote(constraint);
    for (PlannedMigration m : uncontracted) {
      for (SqlStatement s : m.contract()) {
        String sql = s.sql();
        if (sql.contains("ADD CONSTRAINT " + quoted)
            || sql.contains("DROP CONSTRAINT " + quoted)
            || sql.contains("DROP CONSTRAINT IF EXISTS " + quoted)
            || sql.contains("RENAME CONSTRAINT " + quoted)
            || sql.contains("RENAME CONSTRAINT ") && sql.endsWith(" TO " + quoted)) {
          return true;
        }
      }
    }
    return false;
  }

  private String triggerProblem(SchemaExpectation e) throws SQLException {
    TableName table = TableName.parse(e.table());
    if (!catalog.tableExists(table)) {
      return e.present() ? "table " + e.table() + " does not exist" : null;
    }
    boolean exists = catalog.triggerExists(table, e.name());
    if (exists == e.present()) {
      return null;
    }
    return "trigger "
        + e.name()
        + " on table "
        + e.table()
        + (e.present() ? " does not exist" : " already exists");
  }

  private String functionProblem(SchemaExpectation e) throws SQLException {
    return catalog.functionExists(e.functionSignature())
        ? null
        : "function " + e.functionSignature() + " does not exist";
  }

  private String problem(SchemaExpectation e, Catalog.Constraints live) {
    if (!live.tableExists(e.table())) {
      return e.present() ? "table " + e.table() + " does not exist" : null;
    }
    if (e.subject() == Subject.KEY) {
      if (live.hasKey(e.table(), e.keyColumns())) {
        return null;
      }
      return e.keyColumns().isEmpty()
          ? "table " + e.table() + " has no primary key, which a foreign key references"
          : "table "
              + e.table()
              + " has no primary key, unique constraint or unique index (without where or"
              + " expressions, not deferrable) on exactly ("
              + String.join(", ", e.keyColumns())
              + "), which a foreign key references";
    }
    String kind = live.constraintKind(e.table(), e.constraint());
    String where = "constraint " + e.constraint() + " on table " + e.table();
    if (e.present()) {
      return kind == null ? where + " does not exist" : null;
    }
    return kind == null
        ? null
        : where + " already exists (" + (kind.startsWith("e") ? "an " : "a ") + kind + ")";
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

  /** The migrations in {@code rows} that are in flight (expanded, not contracted), as planned. */
  static List<PlannedMigration> uncontracted(
      Collection<PlannedMigration> planned, Map<Integer, HistoryRow> rows) {
    Set<Integer> inFlight = new HashSet<>();
    rows.values().stream().filter(HistoryRow::inFlight).forEach(r -> inFlight.add(r.id()));
    return planned.stream().filter(m -> inFlight.contains(m.id())).toList();
  }
}
