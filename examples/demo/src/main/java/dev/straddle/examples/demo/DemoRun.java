package dev.straddle.examples.demo;

import dev.straddle.examples.api.JobQueueRelease;
import dev.straddle.runtime.Registration;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.WriterHead;
import dev.straddle.testkit.PgBouncer;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Rolling deploys of release 2 over a busy release 1, then of release 3 over release 2, on one
 * database:
 *
 * <ol>
 *   <li>release 1 is deployed (its runner expands migration 1) and fills the queue;
 *   <li>release 1 runs; release 2's runner expands and backfills migration 2 under its traffic;
 *   <li>release 2 rolls out: both releases produce and consume jobs together;
 *   <li>release 1 is retired; release 2's runner contracts migration 2; release 2 runs alone;
 *   <li>release 3's runner expands and backfills migration 3 under release 2's traffic;
 *   <li>release 3 rolls out: releases 2 and 3 produce and consume jobs together;
 *   <li>release 2 is retired; release 3's runner contracts migration 3; release 3 runs alone.
 * </ol>
 */
final class DemoRun {

  /** Sizes of a run. */
  /**
   * @param pgbouncer whether the instances connect through a PgBouncer in transaction pooling (the
   *     runner keeps its direct connection) and say their head per transaction
   */
  record Options(int seedJobs, Duration phase, int producers, int workers, boolean pgbouncer) {
    static Options defaults() {
      return new Options(200_000, Duration.ofSeconds(5), 2, 3, false);
    }
  }

  /** Server connections of the demo's PgBouncer, fewer than the instances' clients. */
  static final int PGBOUNCER_SERVER_CONNECTIONS = 4;

  /** One line of the report per phase. */
  record PhaseReport(String name, Duration took, String detail) {}

  /** Everything the demo observed. */
  record Report(
      List<PhaseReport> phases,
      List<Traffic.Stats> releases,
      List<String> releaseNames,
      ConsistencyCheck.Result consistency) {

    long errors() {
      return releases.stream().mapToLong(s -> s.errors.get()).sum();
    }

    boolean passed() {
      return errors() == 0 && consistency.passed();
    }
  }

  private final TestDatabase database;
  private final Options options;

  DemoRun(TestDatabase database, Options options) {
    this.database = database;
    this.options = options;
  }

  Report run() throws SQLException, InterruptedException {
    if (!options.pgbouncer()) {
      return run(database.dataSource(), WriterHead.Mode.SESSION);
    }
    try (PgBouncer bouncer =
        PgBouncer.start(database, PgBouncer.PoolMode.TRANSACTION, PGBOUNCER_SERVER_CONNECTIONS)) {
      return run(bouncer.dataSource(), WriterHead.Mode.TRANSACTION);
    }
  }

  /** The deploy, with the instances connecting through {@code apps} and saying {@code mode}. */
  private Report run(DataSource apps, WriterHead.Mode mode)
      throws SQLException, InterruptedException {
    JobQueueRelease release1 = Releases.load("release1.jar");
    JobQueueRelease release2 = Releases.load("release2.jar");
    JobQueueRelease release3 = Releases.load("release3.jar");
    DataSource dataSource = database.dataSource();
    List<PhaseReport> phases = new ArrayList<>();
    Traffic.SharedJobs jobs = Traffic.SharedJobs.create();

    long start = System.nanoTime();
    RunResult deploy1 = runner(release1, dataSource).migrate();
    seed(options.seedJobs());
    phases.add(phase("release 1 deployed, " + options.seedJobs() + " jobs seeded", start, deploy1));

    // Each release's instance registers (heartbeat) and checks its window before serving.
    Registration instance1 = start(release1, apps);
    Traffic traffic1 = new Traffic(release1, apps, mode, jobs);
    traffic1.start(options.producers(), options.workers());
    sleep(options.phase());

    start = System.nanoTime();
    RunResult expand = runner(release2, dataSource).migrate();
    phases.add(phase("release 2 expanded + backfilled under release 1's traffic", start, expand));

    Registration instance2 = start(release2, apps);
    Traffic traffic2 = new Traffic(release2, apps, mode, jobs);
    traffic2.start(options.producers(), options.workers());
    start = System.nanoTime();
    sleep(options.phase());
    phases.add(new PhaseReport("releases 1 and 2 side by side", since(start), ""));

    traffic1.stop();
    instance1.close(); // deregistered: the contract guard no longer sees a head-1 instance
    start = System.nanoTime();
    RunResult contract = runner(release2, dataSource).contract();
    phases.add(phase("release 1 retired, migration 2 contracted", start, contract));

    start = System.nanoTime();
    sleep(options.phase());
    phases.add(new PhaseReport("release 2 alone", since(start), ""));

    start = System.nanoTime();
    RunResult expand3 = runner(release3, dataSource).migrate();
    // Every job enqueued from here on was written with migration 3's trigger in place.
    long lastJobBeforeRelease3 = lastJob();
    phases.add(phase("release 3 expanded + backfilled under release 2's traffic", start, expand3));

    Registration instance3 = start(release3, apps);
    Traffic traffic3 = new Traffic(release3, apps, mode, jobs);
    traffic3.start(options.producers(), options.workers());
    start = System.nanoTime();
    sleep(options.phase());
    phases.add(new PhaseReport("releases 2 and 3 side by side", since(start), ""));

    traffic2.stop();
    instance2.close(); // deregistered: the contract guard no longer sees a head-2 instance
    start = System.nanoTime();
    RunResult contract3 = runner(release3, dataSource).contract();
    phases.add(phase("release 2 retired, migration 3 contracted", start, contract3));

    start = System.nanoTime();
    sleep(options.phase());
    traffic3.stop();
    instance3.close();
    phases.add(new PhaseReport("release 3 alone", since(start), ""));

    ConsistencyCheck.Result consistency =
        new ConsistencyCheck(database, jobs.aborted())
            .run(
                options.seedJobs()
                    + traffic1.stats().enqueued.get()
                    + traffic2.stats().enqueued.get()
                    + traffic3.stats().enqueued.get(),
                options.seedJobs(),
                traffic3.stats().enqueued.get(),
                lastJobBeforeRelease3);
    return new Report(
        phases,
        List.of(traffic1.stats(), traffic2.stats(), traffic3.stats()),
        List.of(release1.name(), release2.name(), release3.name()),
        consistency);
  }

  /** The highest job id so far. */
  private long lastJob() throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        java.sql.ResultSet row = statement.executeQuery("SELECT coalesce(max(id), 0) FROM jobs")) {
      row.next();
      return row.getLong(1);
    }
  }

  /** An instance of {@code release} starts: it registers, then passes its startup guard. */
  private static Registration start(JobQueueRelease release, DataSource dataSource) {
    return Straddle.configure(release.plan())
        .dataSource(dataSource)
        .application(release.name())
        .shutdownHook(false)
        .load()
        .start();
  }

  private static Straddle runner(JobQueueRelease release, DataSource dataSource) {
    return Straddle.configure(release.plan()).dataSource(dataSource).load();
  }

  /**
   * History written by release 1 before the deploy: mostly finished jobs, some waiting, some whose
   * abort was requested (migration 2's backfill turns those into {@code abort_requested}), some
   * failed (migration 3's backfill sets their flag, its contract makes them {@code done}); none
   * says who enqueued it (migration 3's backfill says {@code unknown}).
   */
  private void seed(int count) throws SQLException {
    try (Connection connection = database.connectAsHead(1);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO jobs (queue, status, args, priority)"
              + " SELECT 'archive', (CASE WHEN n % 10 = 0 THEN 'aborting'"
              + " WHEN n % 10 = 1 THEN 'todo' WHEN n % 10 = 2 THEN 'failed'"
              + " ELSE 'done' END)::job_status,"
              + " jsonb_build_object('seed', n), 1 FROM generate_series(1, "
              + count
              + ") AS n");
    }
  }

  private static PhaseReport phase(String name, long start, RunResult result) {
    Duration took = since(start);
    String detail =
        "lock retries "
            + result.lockRetries()
            + (result.rowsBackfilled() > 0
                ? String.format(
                    ", %,d rows backfilled (%,.0f rows/s over the whole phase)",
                    result.rowsBackfilled(),
                    result.rowsBackfilled() / Math.max(0.001, took.toMillis() / 1000.0))
                : "");
    return new PhaseReport(name, took, detail);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }
}
