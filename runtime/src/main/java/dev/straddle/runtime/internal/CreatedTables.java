package dev.straddle.runtime.internal;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables a migration creates ({@code @CreateTable}), read from its expand statements as the
 * processor renders them ({@code CREATE TABLE <table> (\n ... \n)[ PARTITION BY <key>]}), and how
 * each is partitioned: {@code verify} compares that with the live table (docs/ARCHITECTURE.md,
 * "Partitioned tables", "Partitioning drift"). The plan's migrations carry no partitioning fact, so
 * the statement that created the table is the declaration.
 */
final class CreatedTables {

  private static final Pattern CREATE =
      Pattern.compile(
          "CREATE TABLE (?:\"((?:[^\"]|\"\")+)\"\\.)?\"((?:[^\"]|\"\")+)\" \\(\\n.*\\n\\)"
              + "(?: PARTITION BY (.+))?",
          Pattern.DOTALL);

  private CreatedTables() {}

  /**
   * One partitioning fact per table {@code m} creates: its {@code PARTITION BY} text, or empty for
   * a plain table.
   */
  static List<SchemaExpectation> partitioning(PlannedMigration m) {
    List<SchemaExpectation> out = new ArrayList<>();
    for (SqlStatement s : m.expand()) {
      Matcher matcher = CREATE.matcher(s.sql());
      if (matcher.matches()) {
        String name = matcher.group(2).replace("\"\"", "\"");
        String table =
            matcher.group(1) == null ? name : matcher.group(1).replace("\"\"", "\"") + "." + name;
        String partitionBy = matcher.group(3) == null ? "" : matcher.group(3);
        out.add(SchemaExpectation.partitioning(table, partitionBy));
      }
    }
    return out;
  }
}
