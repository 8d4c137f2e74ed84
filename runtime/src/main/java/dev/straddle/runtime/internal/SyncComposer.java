package dev.straddle.runtime.internal;

import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.plan.sql.SyncFunctionSql.InFlight;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Composes a table's sync function from the history's in-flight migrations (not from the plan, so a
 * build that does not know a newer in-flight migration still rebuilds it correctly), with the live
 * catalog's column names.
 */
public final class SyncComposer {

  private final History history;

  public SyncComposer(History history) {
    this.history = history;
  }

  /**
   * The statements that bring the sync trigger of {@code table} in line with the history as the
   * connection's transaction sees it now: the function (re)created and the trigger created if
   * missing, or both dropped when no in-flight migration has a fragment on the table.
   */
  public List<String> rebuild(Connection connection, String declaredTable) throws SQLException {
    TableName table = TableName.parse(declaredTable);
    List<InFlight> inFlight =
        inFlight(history.inFlightOn(connection, declaredTable), declaredTable);
    Catalog catalog = new Catalog(connection);
    boolean exists = catalog.tableExists(table);
    boolean composes = exists && !inFlight.isEmpty();
    return statements(
        table,
        exists,
        inFlight,
        composes ? catalog.columns(table) : Set.of(),
        composes && catalog.syncTriggerExists(table),
        composes && catalog.canReplaceTriggers());
  }

  /**
   * The rebuild of {@code table}'s sync trigger in a given state: {@link #rebuild} passes the live
   * one, {@code plan} the one its earlier steps leave (docs/ARCHITECTURE.md, "Planner").
   */
  public static List<String> statements(
      TableName table,
      boolean tableExists,
      List<InFlight> inFlight,
      Set<String> columns,
      boolean triggerExists,
      boolean canReplaceTriggers) {
    List<String> out = new ArrayList<>();
    if (inFlight.isEmpty() || !tableExists) {
      if (tableExists) {
        out.add(SyncFunctionSql.dropTrigger(table));
      }
      out.add(SyncFunctionSql.dropFunction(table));
      return out;
    }
    out.add(SyncFunctionSql.createFunction(table, inFlight, columns));
    trigger(table, inFlight, triggerExists, canReplaceTriggers).ifPresent(out::add);
    return out;
  }

  /**
   * Fails the phase (FAILED, naming the fragment, its migration and PostgreSQL's error) when an
   * in-flight fragment on {@code declaredTable}, as the connection's transaction sees the history
   * and the table now, cannot run: a column it reads or assigns is missing, a function or operator
   * does not exist, its value does not cast to the column's type. Call it in the phase's
   * transaction after the rebuild, so the failure rolls back the phase and the trigger with it.
   */
  public void requireRunnable(
      Connection connection, String declaredTable, int migrationId, Transition phase)
      throws SQLException {
    TableName table = TableName.parse(declaredTable);
    if (!new Catalog(connection).tableExists(table)) {
      return;
    }
    List<InFlight> inFlight =
        inFlight(history.inFlightOn(connection, declaredTable), declaredTable);
    for (FragmentProbe.Failure failure : FragmentProbe.failures(connection, table, inFlight)) {
      String whose =
          failure.migrationId() == migrationId
              ? "migration " + migrationId
              : "migration " + failure.migrationId() + ", in flight,";
      String undone =
          phase == Transition.EXPAND
              ? "The expand was rolled back: nothing of migration "
                  + migrationId
                  + " was applied and the history does not record it; correct the expression (an"
                  + " unapplied migration may still change) and run again"
              : "The "
                  + phase.text()
                  + " was rolled back: migration "
                  + migrationId
                  + " stays where it was in the history";
      throw StraddleException.at(
          migrationId,
          phase,
          failure.statement(),
          failure.error(),
          ErrorCode.UNRUNNABLE_FRAGMENT,
          failure.fragmentText(),
          whose,
          declaredTable,
          failure.reason(),
          undone);
    }
  }

  /**
   * The statement that gives {@code table} the trigger for {@code inFlight}, if one is needed: its
   * WHEN clause skips the writers no fragment applies to, so it is replaced whenever the in-flight
   * set changes (CREATE OR REPLACE TRIGGER takes the SHARE ROW EXCLUSIVE lock CREATE TRIGGER does).
   * PostgreSQL 13 cannot replace a trigger without dropping it (ACCESS EXCLUSIVE), so there the
   * trigger skips only the backfill and, once created, is left as it is.
   */
  public static Optional<String> trigger(
      TableName table, List<InFlight> inFlight, boolean exists, boolean canReplaceTriggers) {
    if (!canReplaceTriggers) {
      return exists
          ? Optional.empty()
          : Optional.of(SyncFunctionSql.createTriggerForAnyInFlightSet(table));
    }
    return Optional.of(SyncFunctionSql.createTrigger(table, inFlight, exists));
  }

  /**
   * The statement that narrows {@code declaredTable}'s sync trigger to {@code BEFORE INSERT OR
   * UPDATE OF} the columns its fragments read or assign, when that cannot let a synced copy go
   * stale (docs/ARCHITECTURE.md, "The sync trigger", "Updates of other columns"): PostgreSQL 14 or
   * later (13 never replaces the trigger, so a column list there would outlive the in-flight set it
   * was made for); every in-flight migration on the table backfilled (an update that skipped the
   * trigger gives a row a new {@code xmin}, which the backfill takes for "written through the
   * trigger"); and no other BEFORE UPDATE row trigger on the table or its partitions (PostgreSQL
   * tests the column list against the {@code SET} list only, not against what such a trigger
   * changes). Empty when not, or when the table has no sync trigger.
   */
  public Optional<String> narrowing(Connection connection, String declaredTable)
      throws SQLException {
    TableName table = TableName.parse(declaredTable);
    Catalog catalog = new Catalog(connection);
    if (!catalog.canReplaceTriggers()
        || !catalog.tableExists(table)
        || !catalog.syncTriggerExists(table)) {
      return Optional.empty();
    }
    return narrowing(
        table,
        history.inFlightOn(connection, declaredTable),
        declaredTable,
        catalog.hasOtherBeforeUpdateRowTriggers(table),
        catalog.columns(table));
  }

  /**
   * {@link #narrowing(Connection, String)} for a table that exists with its sync trigger on
   * PostgreSQL 14 or later, in a given state: {@code rows} the history (only the in-flight rows
   * with fragments on the table count), {@code columns} the table's.
   */
  public static Optional<String> narrowing(
      TableName table,
      Collection<HistoryRow> rows,
      String declaredTable,
      boolean otherBeforeUpdateRowTriggers,
      Set<String> columns) {
    List<HistoryRow> mine =
        rows.stream()
            .filter(HistoryRow::inFlight)
            .filter(r -> r.fragments().stream().anyMatch(f -> f.table().equals(declaredTable)))
            .toList();
    if (mine.isEmpty()
        || mine.stream().anyMatch(r -> r.phase() != Phase.BACKFILLED)
        || otherBeforeUpdateRowTriggers) {
      return Optional.empty();
    }
    List<InFlight> inFlight = inFlight(mine, declaredTable);
    List<String> synced = SyncFunctionSql.syncColumns(inFlight, columns);
    if (inFlight.isEmpty() || synced.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(SyncFunctionSql.createTrigger(table, inFlight, true, synced));
  }

  /**
   * The statements that make every narrowed sync trigger in the database fire on every update
   * again, its {@code WHEN} clause and function unchanged. Every phase runs them first, in its
   * transaction: its DDL may drop or retype a listed column (PostgreSQL refuses while a trigger's
   * column list names it), create a BEFORE UPDATE trigger, or change the in-flight set.
   */
  public static List<String> widenings(Connection connection) throws SQLException {
    List<String> out = new ArrayList<>();
    for (Catalog.NarrowedTrigger t : new Catalog(connection).narrowedSyncTriggers()) {
      String definition = t.definition();
      String create = "CREATE TRIGGER ";
      int of = definition.indexOf(" UPDATE OF ");
      int on = definition.indexOf(" ON " + t.table() + " FOR EACH ROW");
      if (!definition.startsWith(create) || of < 0 || on < of) {
        throw new SQLException(
            "unexpected sync trigger definition on " + t.table() + ": " + definition);
      }
      out.add(
          "CREATE OR REPLACE TRIGGER "
              + definition.substring(create.length(), of)
              + " UPDATE"
              + definition.substring(on));
    }
    return out;
  }

  /**
   * Waits (under the transaction's lock_timeout) until no transaction is writing to {@code table}
   * and keeps writers out until commit; readers are not blocked.
   */
  public static String lockForWriters(TableName table) {
    return "LOCK TABLE " + table.sql() + " IN SHARE ROW EXCLUSIVE MODE";
  }

  /** The fragments on {@code declaredTable} of the given in-flight history rows. */
  public static List<InFlight> inFlight(Collection<HistoryRow> rows, String declaredTable) {
    List<InFlight> out = new ArrayList<>();
    for (HistoryRow row : rows) {
      List<SyncFragment> mine =
          row.fragments().stream().filter(f -> f.table().equals(declaredTable)).toList();
      if (row.inFlight() && !mine.isEmpty()) {
        out.add(new InFlight(row.id(), mine));
      }
    }
    return out;
  }

  /** The tables the in-flight rows among {@code rows} have fragments on, in first-mention order. */
  public static Set<String> inFlightTables(Collection<HistoryRow> rows) {
    Set<String> out = new LinkedHashSet<>();
    rows.stream().filter(HistoryRow::inFlight).forEach(r -> out.addAll(tablesOf(r.fragments())));
    return out;
  }

  /** The tables a migration's fragments touch, in first-mention order. */
  public static Set<String> tablesOf(List<SyncFragment> fragments) {
    Set<String> out = new LinkedHashSet<>();
    fragments.forEach(f -> out.add(f.table()));
    return out;
  }
}
