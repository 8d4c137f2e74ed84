package dev.straddle.runtime.internal;

import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the backfill within the configured replay lag of streaming standbys (docs/ARCHITECTURE.md,
 * "Replica lag"). Between batches, at most every {@link #readEvery} of the bound, the runner reads
 * the primary's {@code pg_stat_replication}; while a physical standby that has not replayed all the
 * WAL written shows a {@code replay_lag} above the bound, it waits (reading again every {@link
 * #pollEvery}) before the next batch. A standby that has replayed everything the primary wrote is
 * caught up whatever its last {@code replay_lag} says (that value is only renewed by the standby's
 * reports, and after an idle period shows the time since the last write for one more report).
 * Walsenders of logical replication slots are not waited for, and walsenders whose positions the
 * role may not see ({@code pg_stat_replication} shows them only to superusers and members of {@code
 * pg_read_all_stats}) cannot be: the run says so once, in its log and its notes.
 */
final class ReplicaLag {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaLag.class);
  private static final Transition PHASE = Transition.BACKFILL;

  /**
   * One row per walsender: its name, its state (null when the role may not see it), whether it has
   * not replayed all the WAL written yet, its {@code replay_lag} in ms, whether it serves a logical
   * slot. {@code pg_replication_slots} is readable by every role.
   */
  static final String STANDBYS_SQL =
      "SELECT r.application_name, r.state,"
          + " coalesce(r.replay_lsn < pg_current_wal_lsn(), false),"
          + " (extract(epoch FROM r.replay_lag) * 1000)::bigint,"
          + " EXISTS (SELECT 1 FROM pg_replication_slots s"
          + " WHERE s.active_pid = r.pid AND s.slot_type = 'logical')"
          + " FROM pg_stat_replication r";

  /**
   * One walsender as the primary shows it.
   *
   * @param state null when the role may not see it
   * @param behind whether it has not replayed all the WAL the primary wrote
   * @param lag its {@code replay_lag}, or null (none measured yet, or none since it caught up)
   */
  record Standby(String name, String state, boolean behind, Duration lag, boolean logical) {

    boolean hidden() {
      return state == null;
    }
  }

  /**
   * The standby the backfill waits for: of the physical standbys the role can see that have not
   * replayed everything, the one with the largest {@code replay_lag} above {@code bound}; null when
   * none is over it.
   */
  static Standby over(List<Standby> standbys, Duration bound) {
    Standby worst = null;
    for (Standby s : standbys) {
      if (s.hidden() || s.logical() || !s.behind() || s.lag() == null) {
        continue;
      }
      if (s.lag().compareTo(bound) > 0 && (worst == null || s.lag().compareTo(worst.lag()) > 0)) {
        worst = s;
      }
    }
    return worst;
  }

  /** How often the lag is read between batches: a tenth of the bound, from 10 ms to 1 s. */
  static Duration readEvery(Duration bound) {
    return clamp(bound.dividedBy(10), Duration.ofMillis(10), Duration.ofSeconds(1));
  }

  /** How often it is read while waiting: a tenth of the bound, from 50 ms to 1 s. */
  static Duration pollEvery(Duration bound) {
    return clamp(bound.dividedBy(10), Duration.ofMillis(50), Duration.ofSeconds(1));
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }

  private final PhaseExecutor executor;
  private final Settings settings;
  private final RunStats stats;
  private final Duration bound;
  private boolean off;
  private long nextRead;
  private boolean saidHidden;
  private boolean saidLogical;
  private long reads;
  private long readNanos;
  private long waits;
  private long waitedNanos;

  ReplicaLag(PhaseExecutor executor, Settings settings, RunStats stats) {
    this.executor = executor;
    this.settings = settings;
    this.stats = stats;
    this.bound = settings.maxReplicaLag();
    this.off = bound == null || bound.isZero();
    this.nextRead = System.nanoTime();
  }

  /** Times the standbys' lag was read in this run. */
  long reads() {
    return reads;
  }

  /** Times the backfill waited for standbys in this run. */
  long waits() {
    return waits;
  }

  /**
   * Before the next batch of {@code table}: reads the standbys' lag when due and, while one is over
   * the bound, waits for it.
   */
  void beforeNextBatch(int migrationId, String table) {
    if (off || System.nanoTime() - nextRead < 0) {
      return;
    }
    List<Standby> standbys = read(migrationId);
    Standby worst = over(standbys, bound);
    if (worst == null) {
      return;
    }
    long started = System.nanoTime();
    waits++;
    LOG.info(
        "migration {}: waiting for replicas before the next batch of {}: standby {} replays {} ms"
            + " behind (bound {} ms)",
        migrationId,
        table,
        worst.name(),
        worst.lag().toMillis(),
        bound.toMillis());
    if (settings.listener() != null) {
      settings.listener().waitingForReplicas(migrationId, table, worst.name(), worst.lag(), bound);
    }
    long logged = started;
    long poll = pollEvery(bound).toMillis();
    prompt(migrationId);
    while (worst != null) {
      try {
        executor.idle(migrationId, PHASE, poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StraddleException.at(migrationId, PHASE, null, e, ErrorCode.BACKFILL_INTERRUPTED);
      }
      worst = over(read(migrationId), bound);
      if (worst != null) {
        prompt(migrationId);
      }
      if (worst != null && System.nanoTime() - logged >= settings.progressEvery().toNanos()) {
        logged = System.nanoTime();
        LOG.info(
            "migration {}: still waiting for replicas ({} ms): standby {} replays {} ms behind"
                + " (bound {} ms)",
            migrationId,
            (logged - started) / 1_000_000,
            worst.name(),
            worst.lag().toMillis(),
            bound.toMillis());
      }
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - started);
    waitedNanos += waited.toNanos();
    LOG.info(
        "migration {}: replicas within {} ms after {} ms; backfilling {} goes on",
        migrationId,
        bound.toMillis(),
        waited.toMillis(),
        table);
    if (settings.listener() != null) {
      settings.listener().replicasCaughtUp(migrationId, table, waited);
    }
  }

  /**
   * A tiny WAL record (a transaction's commit, {@link #PROMPT_SQL}) so that the standbys, which
   * report their replay position after each write of WAL they received but otherwise only every
   * {@code wal_receiver_status_interval} (10 s by default), report again before the next read: with
   * the runner waiting and no other traffic, the primary would otherwise learn that a standby
   * caught up only that much later.
   */
  private void prompt(int migrationId) {
    Connection connection = executor.connection();
    try (Statement statement = connection.createStatement()) {
      statement.execute(PROMPT_SQL);
    } catch (SQLException e) {
      if (RunLock.lost(e, connection)) {
        throw RunLock.lostError(e, migrationId, PHASE, PROMPT_SQL);
      }
      LOG.debug("prompting the standbys to report failed", e);
    }
  }

  /** Assigns a transaction id, so the autocommit transaction writes a commit record. */
  static final String PROMPT_SQL = "SELECT txid_current()";

  /** One line for the end of a backfill: how often the lag was read and how long it waited. */
  String summary() {
    return "replica lag read "
        + reads
        + " times ("
        + readNanos / 1_000_000
        + " ms), waited "
        + waits
        + " times ("
        + waitedNanos / 1_000_000
        + " ms)";
  }

  /** Reads {@code pg_stat_replication} on the runner's connection (autocommit, one round trip). */
  private List<Standby> read(int migrationId) {
    long started = System.nanoTime();
    List<Standby> standbys = new ArrayList<>();
    Connection connection = executor.connection();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(STANDBYS_SQL)) {
      while (rs.next()) {
        long lag = rs.getLong(4);
        standbys.add(
            new Standby(
                rs.getString(1),
                rs.getString(2),
                rs.getBoolean(3),
                rs.wasNull() ? null : Duration.ofMillis(lag),
                rs.getBoolean(5)));
      }
    } catch (SQLException e) {
      if (RunLock.lost(e, connection)) {
        throw RunLock.lostError(e, migrationId, PHASE, STANDBYS_SQL);
      }
      off = true;
      note(
          "the backfill did not bound the replicas' lag: reading pg_stat_replication failed ("
              + e.getMessage()
              + ")");
      return List.of();
    } finally {
      reads++;
      readNanos += System.nanoTime() - started;
      nextRead = System.nanoTime() + readEvery(bound).toNanos();
    }
    tellOnce(standbys);
    return standbys;
  }

  /** Says once per run what the bound cannot cover: hidden walsenders, logical ones. */
  private void tellOnce(List<Standby> standbys) {
    List<String> hidden = standbys.stream().filter(Standby::hidden).map(Standby::name).toList();
    if (!hidden.isEmpty() && !saidHidden) {
      saidHidden = true;
      note(
          "the backfill cannot see the replay lag of "
              + hidden.size()
              + " walsender(s) "
              + hidden
              + " and does not wait for them: pg_stat_replication shows their positions only to"
              + " superusers and members of pg_read_all_stats (or pg_monitor)");
    }
    List<String> logical =
        standbys.stream().filter(s -> !s.hidden() && s.logical()).map(Standby::name).toList();
    if (!logical.isEmpty() && !saidLogical) {
      saidLogical = true;
      LOG.info(
          "the backfill does not wait for logical replication walsender(s) {}: the lag bound is"
              + " for streaming standbys (docs/ARCHITECTURE.md, \"Replica lag\")",
          logical);
    }
  }

  private void note(String note) {
    LOG.warn(note);
    stats.notes.add(note);
  }
}
