package dev.straddle.runtime.internal;

import dev.straddle.runtime.SyncFragment;
import dev.straddle.runtime.sql.SyncFunctionSql;
import dev.straddle.runtime.sql.SyncFunctionSql.InFlight;
import dev.straddle.runtime.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
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
    if (inFlight.isEmpty() || !catalog.tableExists(table)) {
      List<String> drop = new ArrayList<>();
      if (catalog.tableExists(table)) {
        drop.add(SyncFunctionSql.dropTrigger(table));
      }
      drop.add(SyncFunctionSql.dropFunction(table));
      return drop;
    }
    List<String> out = new ArrayList<>();
    out.add(SyncFunctionSql.createFunction(table, inFlight, catalog.columns(table)));
    if (!catalog.syncTriggerExists(table)) {
      out.add(SyncFunctionSql.createTrigger(table));
    }
    return out;
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

  /** The tables a migration's fragments touch, in first-mention order. */
  public static Set<String> tablesOf(List<SyncFragment> fragments) {
    Set<String> out = new LinkedHashSet<>();
    fragments.forEach(f -> out.add(f.table()));
    return out;
  }
}
