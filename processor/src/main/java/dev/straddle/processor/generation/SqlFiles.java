package dev.straddle.processor.generation;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.Irreversible;
import dev.straddle.plan.PhaseStatements;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.BackfillSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.plan.sql.TableName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reviewable {@code expand.sql}, {@code backfill.sql} and {@code contract.sql} of a migration.
 * Each runs as is with psql (expand, backfill, contract in order, on a database with the baseline),
 * showing the sync trigger as it is when this migration is the only one in flight on its table.
 */
final class SqlFiles {

  /** Line breaks; compiled once (oneLine runs for every file header, manifest and matrix row). */
  private static final Pattern LINE_BREAK = Pattern.compile("\\R");

  /**
   * The runner's default lock timeout (the runtime's {@code
   * StraddleConfiguration.DEFAULT_LOCK_TIMEOUT}).
   */
  private static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);

  /** A partition's name in the template of {@link #partitioned}, replaced by {@code <p>}. */
  private static final String PARTITION = "straddle_partition_placeholder";

  private SqlFiles() {}

  static String expand(GeneratedMigration m) {
    PhaseStatements phase = PhaseStatements.of(m.planned().expand());
    List<String> inside = terminated(phase.inside());
    for (Map.Entry<String, Set<String>> table : m.columnsByTable().entrySet()) {
      TableName name = TableName.parse(table.getKey());
      List<SyncFragment> fragments =
          m.planned().fragments().stream().filter(f -> f.table().equals(table.getKey())).toList();
      SyncFunctionSql.InFlight only = new SyncFunctionSql.InFlight(m.planned().id(), fragments);
      inside.add(
          "-- Sync trigger of "
              + name
              + " as it is when this migration is the only one in flight on the table.\n"
              + "-- The runner composes the real function from every in-flight migration of the"
              + " table.\n"
              + SyncFunctionSql.createFunction(name, List.of(only), table.getValue())
              + ";");
      inside.add(SyncFunctionSql.dropTrigger(name) + ";");
      inside.add(SyncFunctionSql.createTrigger(name, List.of(only), false) + ";");
    }
    return file(m, "expand", terminated(phase.outside()), inside);
  }

  static String contract(GeneratedMigration m) {
    PhaseStatements phase = PhaseStatements.of(m.planned().contract());
    List<String> inside = new ArrayList<>();
    for (String table : m.columnsByTable().keySet()) {
      TableName name = TableName.parse(table);
      inside.add(
          "-- The sync trigger goes when no migration of the table is in flight any more (here:"
              + " this one alone).\n"
              + SyncFunctionSql.dropTrigger(name)
              + ";");
      inside.add(SyncFunctionSql.dropFunction(name) + ";");
    }
    inside.addAll(terminated(phase.inside()));
    String file = file(m, "contract", terminated(phase.outside()), inside);
    if (phase.after().isEmpty()) {
      return file;
    }
    return file
        + "\n-- After the transaction, outside it, each on its own (idempotent; the history records"
        + "\n-- that they are owed, and a rerun of the runner finishes them):\n\n"
        + String.join("\n\n", terminated(phase.after()))
        + "\n";
  }

  /**
   * The rollback (docs/ARCHITECTURE.md, "Rollback"): what undoes the expand and backfill while the
   * migration is not contracted, in the runner's layout, and what it leaves in place.
   */
  static String rollback(GeneratedMigration m) {
    PlannedMigration planned = m.planned();
    StringBuilder out =
        new StringBuilder(header(m, "rollback"))
            .append(
                "-- Run by `rollback` while the migration is expanded or backfilled, never once it"
                    + " is\n-- contracted. In the same transaction the runner rebuilds the sync"
                    + " trigger of each table\n-- the migration had fragments on, from the"
                    + " migrations still in flight (dropped when none\n-- is), and records the"
                    + " rollback in the history. Values the backfill and the sync trigger\n--"
                    + " wrote into columns that stay are kept.\n");
    Irreversible.reason(planned)
        .ifPresent(
            reason ->
                out.append("--\n-- This migration cannot be rolled back: ")
                    .append(reason)
                    .append(
                        ".\n-- The runner refuses it; the statement below raises that error.\n"));
    if (!m.rollbackLeaves().isEmpty()) {
      out.append("--\n-- Notes:\n");
      m.rollbackLeaves().forEach(l -> out.append("-- - ").append(oneLine(l)).append(".\n"));
    }
    PhaseStatements phase = PhaseStatements.of(planned.rollback());
    String body =
        file(m, "rollback", terminated(phase.outside()), terminated(phase.inside()))
            .substring(header(m, "rollback").length());
    return out.append(body).toString();
  }

  static String backfill(GeneratedMigration m) {
    PlannedMigration planned = m.planned();
    List<String> inside = new ArrayList<>();
    for (String table : planned.backfillTables()) {
      List<SyncFragment> ups =
          planned.fragments().stream()
              .filter(f -> f.direction() == Direction.UP && f.table().equals(table))
              .toList();
      inside.add(BackfillSql.computeUp(TableName.parse(table), ups, "") + ";");
    }
    String header =
        header(m, "backfill")
            + "-- The runner fills pre-existing rows in keyset batches over the primary key, each\n"
            + "-- batch its own short transaction with its cursor checkpointed, and only touches\n"
            + "-- rows written before expand (their xmin is older than the snapshot expand took):\n"
            + "-- rows written since went through the sync trigger and are never overwritten.\n"
            + "-- Below is the equivalent for the whole table in one statement, for review.\n";
    String indexes = indexes(m);
    if (inside.isEmpty()) {
      return header
          + (indexes.isEmpty()
              ? "\n-- Nothing to backfill: this migration computes no new column.\n"
              : "\n-- No rows to fill.\n" + indexes);
    }
    return header
        + "\nBEGIN;\n"
        + "SET LOCAL straddle.head = '"
        + SyncFunctionSql.BACKFILL_HEAD
        + "';  -- the sync trigger leaves the backfill's rows alone\n\n"
        + String.join("\n\n", inside)
        + "\n\nCOMMIT;\n"
        + indexes;
  }

  /** The concurrent index builds that end the backfill phase, or empty. */
  private static String indexes(GeneratedMigration m) {
    List<IndexBuild> indexes = m.planned().indexes();
    if (indexes.isEmpty()) {
      return "";
    }
    List<String> builds = new ArrayList<>();
    for (IndexBuild i : indexes) {
      if (i.copy()) {
        builds.add(i.sql());
      } else if (m.partitionedIndexes().contains(i.name())) {
        builds.add(partitioned(i));
      } else {
        builds.add(i.sql() + ";");
      }
    }
    return "\n-- Then the indexes, built concurrently, each on its own outside any transaction (the\n"
        + "-- runner drops an INVALID leftover of a failed build and builds it again):\n\n"
        + String.join("\n\n", builds)
        + "\n";
  }

  /**
   * The steps of an index on a table declared partitioned, as the runner's {@code PartitionedIndex}
   * takes them: the partitions are read from the catalog when it runs, so they are a template here.
   */
  private static String partitioned(IndexBuild index) {
    TableName table = TableName.parse(index.table());
    TableName partition = TableName.parse(PARTITION);
    String child = IndexSql.partitionIndexName(index.name(), PARTITION);
    String partitionIndex = "\"" + index.name().replace("\"", "\"\"") + "_<p>\"";
    String build =
        IndexSql.onPartition(index.sql(), table, partition, child)
            .replace(Identifiers.quote(child), partitionIndex)
            .replace(partition.sql(), "<p>");
    String attach =
        IndexSql.attach(table, index.name(), partition, child)
            .replace(partition.qualify(child), partitionIndex);
    return "-- "
        + table
        + " is partitioned, and PostgreSQL builds no index concurrently on a partitioned table:\n"
        + "-- the runner creates the parent's index ON ONLY the table (a catalog change; it stays\n"
        + "-- INVALID until every partition's index is attached),\n"
        + PhaseStatements.transaction(LOCK_TIMEOUT, IndexSql.onOnly(index.sql(), table) + ";\n")
        + "\n-- then, for each partition <p> of "
        + table
        + " the catalog lists when it runs (a sub-partitioned\n"
        + "-- one gets its own ON ONLY index, filled the same way; one whose index is attached\n"
        + "-- already is skipped; the name <index>_<p> is fitted to 63 bytes):\n"
        + "--   "
        + build
        + ";\n"
        + "--   BEGIN; SET LOCAL lock_timeout = '"
        + PhaseStatements.lockTimeout(LOCK_TIMEOUT)
        + "';\n"
        + "--   "
        + attach
        + ";\n"
        + "--   COMMIT;\n"
        + "-- PostgreSQL makes "
        + Identifiers.quote(index.name())
        + " valid when the last partition's index is attached.";
  }

  private static List<String> terminated(List<String> statements) {
    List<String> out = new ArrayList<>();
    statements.forEach(sql -> out.add(sql + ";"));
    return out;
  }

  private static String header(GeneratedMigration m, String phase) {
    return "-- Straddle migration "
        + m.planned().id()
        + ": "
        + oneLine(m.planned().description())
        + "\n-- Phase: "
        + phase
        + "\n-- Generated from "
        + m.source()
        + " for review; the runner executes the plan class, not this file.\n";
  }

  static String oneLine(String text) {
    return LINE_BREAK.matcher(text).replaceAll(" ");
  }

  /**
   * A phase in the runner's layout ({@link PhaseStatements}): the statements outside a transaction,
   * then the transaction under the lock timeout, here with a blank line between statements.
   */
  private static String file(
      GeneratedMigration m, String phase, List<String> outside, List<String> inside) {
    StringBuilder out = new StringBuilder(header(m, phase));
    if (outside.isEmpty() && inside.isEmpty()) {
      return out.append("\n-- Nothing to do in this phase.\n").toString();
    }
    if (!outside.isEmpty()) {
      out.append("\n-- Outside a transaction, each on its own (idempotent):\n\n")
          .append(String.join("\n\n", outside))
          .append('\n');
    }
    if (!inside.isEmpty()) {
      out.append('\n')
          .append(
              PhaseStatements.transaction(
                  LOCK_TIMEOUT, "\n" + String.join("\n\n", inside) + "\n\n"));
    }
    return out.toString();
  }
}
