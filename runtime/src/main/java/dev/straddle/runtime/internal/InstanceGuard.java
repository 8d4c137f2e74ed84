package dev.straddle.runtime.internal;

import dev.straddle.runtime.Instance;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry check a contract and a rollback make inside their own transaction
 * (docs/ARCHITECTURE.md, "Rollback: the runner" and the contract guard): registrations are locked
 * out until the transaction commits, then the live instances whose code needs the migration are
 * read; any such instance stops the transaction unless the run is forced, and a forced run names
 * them in the history.
 */
final class InstanceGuard {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceGuard.class);

  /** Thrown inside the transaction when a live instance needs the migration. */
  static final class Needed extends RuntimeException {
    final List<Instance> instances;

    Needed(List<Instance> instances) {
      super(null, null, false, false);
      this.instances = instances;
    }
  }

  private InstanceGuard() {}

  /**
   * The start of a guard's refusal: {@code migration N (description) <why>:} and the instances, one
   * per line.
   */
  static StringBuilder listing(HistoryRow row, String why, List<Instance> needers) {
    StringBuilder out =
        new StringBuilder("migration ")
            .append(row.id())
            .append(" (")
            .append(row.description())
            .append(") ")
            .append(why)
            .append(':');
    for (Instance i : needers) {
      out.append("\n  - ").append(i.describe());
    }
    return out;
  }

  /**
   * Checks, in {@code tx}, the live instances {@code needing} selects for migration {@code id};
   * {@code what} is the phase ("contract", "rollback"). Adds the forced-over ones to {@code
   * forced}.
   *
   * @return the forced-over instances described, for the history; null when none
   * @throws Needed when an instance needs the migration and {@code force} is false
   */
  static String check(
      PhaseExecutor.Tx tx,
      Registry registry,
      String what,
      int id,
      Function<List<Instance>, List<Instance>> needing,
      boolean force,
      List<Instance> forced)
      throws SQLException {
    if (!registry.exists(tx.connection())) {
      return null;
    }
    // Registrations wait until this commits; then the check below is the truth.
    tx.execute(registry.lockAgainstRegistrations());
    tx.describe(what + " guard: live instances in " + registry.table());
    List<Instance> needers = needing.apply(registry.live(tx.connection()));
    if (needers.isEmpty()) {
      return null;
    }
    if (!force) {
      throw new Needed(needers);
    }
    forced.addAll(needers);
    String forcedOver = needers.stream().map(Instance::describe).collect(Collectors.joining("; "));
    LOG.warn("migration {}: {} forced although live instances need it: {}", id, what, forcedOver);
    return forcedOver;
  }
}
