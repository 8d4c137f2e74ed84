package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SchemaExpectation.Subject;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.PartitionKey;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
  private final Connection connection;

  public DriftCheck(Connection connection) {
    this.catalog = new Catalog(connection);
    this.connection = connection;
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
            case ENUM -> unsettledLabel(e, uncontracted) ? null : enumProblem(e);
            case CONSTRAINT, KEY -> constraintFacts.contains(e) ? problem(e, live) : null;
            case INDEX -> unsettledIndex(e.index(), uncontracted) ? null : indexProblem(e);
            case TRIGGER -> triggerProblem(e);
            case FUNCTION -> functionProblem(e);
            case PARTITIONING -> partitioningProblem(e);
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

  /**
   * Whether a migration still to contract builds an index of that name (at its backfill), or drops
   * or renames one in its contract statements: whether it exists when this migration uses it is
   * decided then ({@code DROP INDEX ... IF EXISTS}; a rename fails on a missing one).
   */
  private static boolean unsettledIndex(String index, Collection<PlannedMigration> uncontracted) {
    String quoted = Identifiers.quote(index);
    for (PlannedMigration m : uncontracted) {
      if (m.indexes().stream().anyMatch(i -> !i.copy() && i.name().equals(index))) {
        return true;
      }
      for (SqlStatement s : m.contract()) {
        String sql = s.sql();
        if ((sql.startsWith("DROP INDEX ") || sql.startsWith("ALTER INDEX "))
            && sql.contains(quoted)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * An index fact against the catalog: an absent one, no relation of that name in the table's
   * schema; a present one, an index of that table, backing no constraint (no shape: one a migration
   * drops or renames) or of the declared shape ({@code [unique ]<method>[ (<key columns>)]}).
   */
  private String indexProblem(SchemaExpectation e) throws SQLException {
    TableName table = TableName.parse(e.table());
    if (!catalog.tableExists(table)) {
      return e.present() ? "table " + e.table() + " does not exist" : null;
    }
    String where = "index " + e.index() + " of table " + e.table();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT c.relkind::text, i.indrelid = to_regclass(?), i.indrelid::regclass::text,"
                + " CASE WHEN i.indisunique THEN 'unique ' ELSE '' END || am.amname,"
                + " (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), ', ' ORDER BY k)"
                + " FROM generate_series(1, i.indnkeyatts) k),"
                + " (SELECT string_agg(conname, ', ' ORDER BY conname) FROM pg_constraint"
                + " WHERE conindid = i.indexrelid)"
                + " FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid"
                + " LEFT JOIN pg_am am ON am.oid = c.relam WHERE c.oid = to_regclass(?)")) {
      statement.setString(1, table.sql());
      statement.setString(2, table.qualify(e.index()));
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return e.present() ? where + " does not exist" : null;
        }
        String kind = rs.getString(1);
        if (!e.present()) {
          return "a relation named "
              + e.index()
              + " (relkind '"
              + kind
              + "') already exists in the schema of table "
              + e.table();
        }
        if (!"i".equals(kind)) {
          return where + " is not an index (relkind '" + kind + "')";
        }
        if (!rs.getBoolean(2)) {
          return where
              + " does not exist: "
              + e.index()
              + " is an index of table "
              + rs.getString(3);
        }
        String constraints = rs.getString(6);
        if (e.type().isEmpty()) {
          return constraints == null
              ? null
              : where
                  + " is the index of constraint "
                  + constraints
                  + ": PostgreSQL drops it with the constraint (DROP CONSTRAINT), and renaming it"
                  + " renames the constraint";
        }
        String method = rs.getString(4);
        String live = method + " (" + rs.getString(5) + ")";
        boolean withColumns = e.type().contains("(");
        return (withColumns ? live : method).equals(e.type())
            ? null
            : where + " is " + live + ", declared as " + e.type();
      }
    }
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

  /**
   * A baseline table's declared partitioning against {@code pg_partitioned_table}: partitioned or
   * not, then the method and the key's elements, each a column by name or an expression (whose text
   * is not compared: PostgreSQL prints it with casts the declaration need not spell).
   */
  private String partitioningProblem(SchemaExpectation e) throws SQLException {
    TableName table = TableName.parse(e.table());
    if (!catalog.tableExists(table)) {
      return null; // the table fact reports it
    }
    Catalog.PartitionKeyDef live = catalog.partitionKey(table);
    String declared = e.partitionBy();
    String where = "table " + e.table();
    if (declared.isEmpty()) {
      return live == null
          ? null
          : where
              + " is partitioned (PARTITION BY "
              + live.definition()
              + "), declared as a plain table (no partitionBy)";
    }
    if (live == null) {
      return where + " is not partitioned, declared with partitionBy " + declared;
    }
    return sameKey(PartitionKey.parse(declared), live)
        ? null
        : where + " is partitioned by " + live.definition() + ", declared as " + declared;
  }

  private static boolean sameKey(PartitionKey declared, Catalog.PartitionKeyDef live) {
    if (declared == null
        || !declared.method().equals(live.method())
        || declared.elements().size() != live.columns().size()) {
      return false;
    }
    for (int i = 0; i < declared.elements().size(); i++) {
      String element = declared.elements().get(i);
      String column =
          element.startsWith("\"") ? null : PartitionKey.column(element.toLowerCase(Locale.ROOT));
      String liveColumn = live.columns().get(i); // null: an expression
      if (column == null ? liveColumn != null : !column.equals(liveColumn)) {
        return false;
      }
    }
    return true;
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

  /**
   * Whether a contract statement of {@code uncontracted} renames or removes the label of an enum
   * label fact ({@code @RenameEnumValue}, {@code @DropEnumValue}): that contract decides whether
   * the label exists when this migration uses it.
   */
  private static boolean unsettledLabel(
      SchemaExpectation e, Collection<PlannedMigration> uncontracted) {
    if (e.label() == null) {
      return false;
    }
    String literal = Identifiers.literal(e.label());
    for (PlannedMigration m : uncontracted) {
      for (SqlStatement s : m.contract()) {
        String sql = s.sql();
        if (sql.contains(literal)
            && (sql.contains(" RENAME VALUE ") || sql.contains("removes the label "))) {
          return true;
        }
      }
    }
    return false;
  }

  /** An enum type or label fact (docs/ARCHITECTURE.md, "Enum types"). */
  private String enumProblem(SchemaExpectation e) throws SQLException {
    List<String> labels = catalog.enumLabels(e.table());
    String type = "type " + e.table();
    if (labels == null) {
      return e.present() ? type + " does not exist" : null;
    }
    if (e.label() == null) {
      if (!e.present()) {
        return type + " already exists";
      }
      return labels.isEmpty() && !catalog.isEnum(e.table()) ? type + " is not an enum" : null;
    }
    boolean has = labels.contains(e.label());
    if (has == e.present()) {
      return null;
    }
    return type
        + (has ? " already has the label '" : " has no label '")
        + e.label()
        + "' (its labels: "
        + String.join(", ", labels)
        + ")";
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
