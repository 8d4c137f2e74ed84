package dev.straddle.runtime.internal;

import dev.straddle.plan.sql.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code baseline} command: the live catalog of some schemas as the Java source of a baseline
 * class, {@code @ExistingEnum}, {@code @ExistingTable} and {@code @ExistingIndex} declarations a
 * team adopting Straddle on an existing database pastes into its compilation (docs/ARCHITECTURE.md,
 * "Baseline from a live database").
 *
 * <p>What the DSL has no declaration for is written as comments beside its table: foreign keys,
 * checks, exclusion constraints, the indexes of a partitioned table and the expression of a
 * generated column. A unique constraint is declared as the unique {@code @ExistingIndex} behind it
 * (which makes its columns a key the processor knows), with a comment that it is a constraint's.
 * Schema-history tables of other tools (Flyway, Liquibase) are left out, named in a comment.
 */
public final class Baseline {

  /** Tables other tools keep their own history in: not the application's schema. */
  private static final Set<String> OTHER_TOOLS_HISTORY =
      Set.of("flyway_schema_history", "databasechangelog", "databasechangeloglock");

  private static final Set<String> METHODS = Set.of("btree", "hash", "gin", "gist", "brin");

  private final Connection connection;

  public Baseline(Connection connection) {
    this.connection = connection;
  }

  /**
   * The baseline class of the tables and enum types of {@code schemas}, in that order.
   *
   * @throws IllegalArgumentException when a schema does not exist
   */
  public String print(List<String> schemas) throws SQLException {
    StringBuilder body = new StringBuilder();
    List<String> leftOut = new ArrayList<>();
    int tables = 0;
    int enums = 0;
    for (String schema : schemas) {
      if (!schemaExists(schema)) {
        throw new IllegalArgumentException("schema " + schema + " does not exist");
      }
      enums += enums(schema, body);
    }
    for (String schema : schemas) {
      for (Table table : tables(schema)) {
        if (OTHER_TOOLS_HISTORY.contains(table.name)) {
          leftOut.add(table.displayName() + " (another tool's schema history)");
          continue;
        }
        String problem = problem(table.schema, table.name);
        if (problem == null) {
          problem = keyProblem(table.oid);
        }
        if (problem != null) {
          leftOut.add(table.displayName() + " (" + problem + ")");
          continue;
        }
        table(table, body);
        tables++;
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("// Written by `straddle baseline` from schema")
        .append(schemas.size() == 1 ? " " : "s ")
        .append(String.join(", ", schemas))
        .append(": ")
        .append(tables)
        .append(tables == 1 ? " table, " : " tables, ")
        .append(enums)
        .append(enums == 1 ? " enum type.\n" : " enum types.\n");
    out.append(
        "// Paste into a class of the compilation that is no @Migration; columns no migration\n"
            + "// touches or refers to may be removed.\n");
    for (String table : leftOut) {
      out.append("// Left out: ").append(table).append('\n');
    }
    out.append("import dev.straddle.dsl.Column;\n");
    out.append("import dev.straddle.dsl.ExistingEnum;\n");
    out.append("import dev.straddle.dsl.ExistingIndex;\n");
    out.append("import dev.straddle.dsl.ExistingTable;\n");
    out.append("import dev.straddle.dsl.IndexMethod;\n\n");
    out.append(body);
    out.append("final class Baseline {}\n");
    return out.toString();
  }

  private record Table(long oid, String schema, String name, String partitionBy) {
    String displayName() {
      return qualified(schema, name);
    }
  }

  private boolean schemaExists(String schema) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private int enums(String schema, StringBuilder out) throws SQLException {
    int count = 0;
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " JOIN pg_enum e ON e.enumtypid = t.oid WHERE n.nspname = ?"
                + " GROUP BY t.typname ORDER BY t.typname")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String problem = problem(schema, rs.getString(1));
          if (problem != null) {
            out.append("// Left out: type ")
                .append(qualified(schema, rs.getString(1)))
                .append(" (")
                .append(problem)
                .append(")\n");
            continue;
          }
          out.append("@ExistingEnum(\n    name = ")
              .append(literal(qualified(schema, rs.getString(1))))
              .append(",\n    values = ")
              .append(array(strings(rs.getArray(2))))
              .append(")\n");
          count++;
        }
      }
    }
    return count;
  }

  private List<Table> tables(String schema) throws SQLException {
    List<Table> out = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT c.oid::bigint, c.relname,"
                + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " ORDER BY c.relname")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Table(rs.getLong(1), schema, rs.getString(2), rs.getString(3)));
        }
      }
    }
    return out;
  }

  private void table(Table table, StringBuilder out) throws SQLException {
    List<String> primaryKey = primaryKey(table.oid);
    List<String> notes = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    String[] keyColumns = new String[primaryKey.size()];
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text"
                + " FROM pg_attribute a LEFT JOIN pg_attrdef d"
                + " ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum")) {
      s.setLong(1, table.oid);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          String expression = rs.getString(4);
          if (Identifiers.problem(name) != null) {
            notes.add("column " + name + " left out: " + Identifiers.problem(name));
            continue;
          }
          boolean generated = !rs.getString(6).isEmpty();
          StringBuilder column = new StringBuilder("@Column(name = ").append(literal(name));
          column.append(", type = ").append(literal(rs.getString(2)));
          if (rs.getBoolean(3)) {
            column.append(", notNull = true");
          }
          if (expression != null && !generated) {
            column.append(", defaultValue = ").append(literal(expression));
          }
          if (primaryKey.contains(name)) {
            column.append(", primaryKey = true");
          }
          switch (rs.getString(5)) {
            case "a" -> column.append(", identity = Column.Identity.ALWAYS");
            case "d" -> column.append(", identity = Column.Identity.BY_DEFAULT");
            default -> {}
          }
          column.append(')');
          if (generated) {
            notes.add("column " + name + " is GENERATED ALWAYS AS (" + expression + ") STORED");
          }
          if (primaryKey.contains(name)) {
            keyColumns[primaryKey.indexOf(name)] = column.toString();
          } else {
            columns.add(column.toString());
          }
        }
      }
    }
    // A composite primary key is declared in the order of its @Column entries: its columns go
    // first, in the key's order.
    List<String> all = new ArrayList<>(List.of(keyColumns));
    all.addAll(columns);
    List<String> indexes = new ArrayList<>();
    constraints(table, notes, indexes);
    indexes(table, notes, indexes);
    for (String note : notes) {
      out.append("// ").append(table.displayName()).append(": ").append(note).append('\n');
    }
    out.append("@ExistingTable(\n    name = ").append(literal(table.displayName()));
    if (table.partitionBy != null) {
      out.append(",\n    partitionBy = ").append(literal(table.partitionBy));
    }
    out.append(",\n    columns = {\n      ");
    out.append(String.join(",\n      ", all));
    out.append("\n    })\n");
    indexes.forEach(out::append);
  }

  private List<String> primaryKey(long table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT a.attname FROM pg_constraint c,"
                + " unnest(c.conkey) WITH ORDINALITY k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attnum = k.attnum"
                + " WHERE c.conrelid = ?::oid AND c.contype = 'p' AND a.attrelid = c.conrelid"
                + " ORDER BY k.ord")) {
      s.setLong(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * Constraints besides the primary key: a unique one as its index, the others as notes ({@code NOT
   * NULL} is the column's).
   */
  private void constraints(Table table, List<String> notes, List<String> indexes)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT c.conname, c.contype::text, pg_get_constraintdef(c.oid, true), i.relname,"
                + " (SELECT array_agg(a.attname::text ORDER BY k.ord)"
                + " FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)"
                + " FROM pg_constraint c LEFT JOIN pg_class i ON i.oid = c.conindid"
                + " WHERE c.conrelid = ?::oid AND c.contype IN ('u', 'f', 'c', 'x')"
                + " ORDER BY c.contype DESC, c.conname")) {
      s.setLong(1, table.oid);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          String definition = rs.getString(3);
          List<String> keys = strings(rs.getArray(5));
          if ("u".equals(rs.getString(2))
              && table.partitionBy == null
              && declarable(rs.getString(4), keys)) {
            indexes.add(
                "// the index of unique constraint "
                    + name
                    + " (PostgreSQL drops it with the constraint: @DropConstraint, not"
                    + " @DropIndex)\n"
                    + existingIndex(table, rs.getString(4), keys, true, "btree"));
          } else {
            notes.add("constraint " + name + " " + definition);
          }
        }
      }
    }
  }

  /** Indexes that back no constraint: {@code @ExistingIndex}, or a note where it cannot say. */
  private void indexes(Table table, List<String> notes, List<String> indexes) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT ic.relname, i.indisunique, am.amname, pg_get_indexdef(i.indexrelid),"
                + " (SELECT array_agg(CASE WHEN i.indkey[k - 1] <> 0"
                + " AND pg_get_indexdef(i.indexrelid, k, true) = a.attname::text"
                + " THEN a.attname::text END ORDER BY k)"
                + " FROM generate_series(1, i.indnkeyatts) k LEFT JOIN pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]),"
                + " i.indpred IS NOT NULL"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
                + " JOIN pg_am am ON am.oid = ic.relam"
                + " WHERE i.indrelid = ?::oid"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid"
                + " AND c.conrelid = i.indrelid)"
                + " ORDER BY ic.relname")) {
      s.setLong(1, table.oid);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String definition = rs.getString(4);
          String method = rs.getString(3);
          if (table.partitionBy != null
              || !METHODS.contains(method)
              || Identifiers.problem(rs.getString(1)) != null) {
            notes.add("index " + definition);
            continue;
          }
          List<String> columns = strings(rs.getArray(5));
          boolean plain = declarable("", columns);
          String comment = "";
          if (!plain) {
            comment = "// " + definition + " (its keys are not all columns Straddle can name)\n";
          } else if (rs.getBoolean(6)) {
            comment = "// " + definition + " (partial: its WHERE is not compared)\n";
          }
          indexes.add(
              comment
                  + existingIndex(
                      table,
                      rs.getString(1),
                      plain ? columns : List.of(),
                      rs.getBoolean(2),
                      method));
        }
      }
    }
  }

  private static String existingIndex(
      Table table, String name, List<String> columns, boolean unique, String method) {
    StringBuilder out = new StringBuilder("@ExistingIndex(table = ");
    out.append(literal(table.displayName())).append(", name = ").append(literal(name));
    if (!columns.isEmpty()) {
      out.append(", columns = ").append(array(columns));
    }
    if (unique) {
      out.append(", unique = true");
    }
    if (!"btree".equals(method)) {
      out.append(", method = IndexMethod.").append(method.toUpperCase(java.util.Locale.ROOT));
    }
    return out.append(")\n").toString();
  }

  /**
   * Why the processor would refuse {@code schema.name} ({@code public} is left out of the name), or
   * null.
   */
  private static String problem(String schema, String name) {
    String problem = "public".equals(schema) ? null : Identifiers.problem(schema);
    if (problem == null) {
      problem = Identifiers.problem(name);
    }
    return problem == null ? null : "a name Straddle cannot declare: " + problem;
  }

  /** Why a primary-key column of {@code table} cannot be declared, or null. */
  private String keyProblem(long table) throws SQLException {
    for (String column : primaryKey(table)) {
      if (Identifiers.problem(column) != null) {
        return "its primary-key column "
            + column
            + " has a name Straddle cannot declare: "
            + Identifiers.problem(column);
      }
    }
    return null;
  }

  /**
   * Whether an index of that name ({@code ""}: not asked) on these key columns (null: an
   * expression) can be declared with its columns.
   */
  private static boolean declarable(String index, List<String> columns) {
    if (!index.isEmpty() && Identifiers.problem(index) != null) {
      return false;
    }
    return columns.stream().allMatch(c -> c != null && Identifiers.problem(c) == null);
  }

  private static String qualified(String schema, String name) {
    return "public".equals(schema) ? name : schema + "." + name;
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : (Object[]) array.getArray()) {
      out.add((String) o);
    }
    return out;
  }

  private static String array(List<String> values) {
    List<String> literals = new ArrayList<>();
    values.forEach(v -> literals.add(literal(v)));
    return values.size() == 1 ? literals.get(0) : "{" + String.join(", ", literals) + "}";
  }

  /**
   * A Java string literal: JSON's string escapes are Java's for every character a name or default
   * holds (line breaks escaped, so no {@code \\u} escape of one reaches the compiler).
   */
  static String literal(String text) {
    return Json.string(text);
  }
}
