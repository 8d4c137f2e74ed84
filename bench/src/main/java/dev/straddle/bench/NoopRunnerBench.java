package dev.straddle.bench;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Benchmark 6: {@code migrate} on an up-to-date database with {@code n} applied migrations,
 * Straddle (plan compiled by the processor from {@link GeneratedMigrations}, every migration
 * contracted) against Flyway (the same column additions as {@code n} SQL files, all applied). Both
 * through the same counting DataSource over a non-pooling driver DataSource, interleaved, after
 * warm-up runs; medians.
 */
final class NoopRunnerBench {

  private final int migrations;
  private final int rounds;

  NoopRunnerBench(int migrations, int rounds) {
    this.migrations = migrations;
    this.rounds = rounds;
  }

  void run(Report report) throws Exception {
    Path dir = Files.createTempDirectory("straddle-noop-bench");
    try {
      List<Path> sources = GeneratedMigrations.writeJava(dir.resolve("src"), migrations);
      Path classes = dir.resolve("classes");
      CompileBench.compile(
          sources, GeneratedMigrations.classpath(), classes, CompileBench.Processing.STRADDLE);
      Path sql = dir.resolve("flyway");
      GeneratedMigrations.writeFlywaySql(sql, migrations);
      try (URLClassLoader loader =
          new URLClassLoader(
              new URL[] {classes.toUri().toURL()}, NoopRunnerBench.class.getClassLoader())) {
        MigrationPlan plan =
            (MigrationPlan)
                loader.loadClass("gen.StraddlePlan").getDeclaredConstructor().newInstance();
        measure(report, plan, sql);
      }
    } finally {
      CompileBench.delete(dir);
    }
  }

  private void measure(Report report, MigrationPlan plan, Path sql) throws Exception {
    TestDatabase straddleDb = TestPostgres.newDatabase("bench_noop_straddle");
    straddleDb.execute(GeneratedMigrations.baselineSql());
    CountingDataSource straddleDs = new CountingDataSource(straddleDb.dataSource());
    Straddle straddle = Straddle.configure(plan).dataSource(straddleDs.dataSource).load();
    straddle.expand();
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);

    TestDatabase flywayDb = TestPostgres.newDatabase("bench_noop_flyway");
    flywayDb.execute(GeneratedMigrations.baselineSql());
    CountingDataSource flywayDs = new CountingDataSource(flywayDb.dataSource());
    Flyway flyway =
        Flyway.configure()
            .dataSource(flywayDs.dataSource)
            .locations("filesystem:" + sql)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    int applied = flyway.migrate().migrationsExecuted;
    if (applied != migrations) {
      throw new IllegalStateException("Flyway applied " + applied + " of " + migrations);
    }

    List<Double> straddleMs = new ArrayList<>();
    List<Double> flywayMs = new ArrayList<>();
    long[] straddleCounts = new long[3];
    long[] flywayCounts = new long[3];
    int warmup = 3;
    for (int round = 0; round < warmup + rounds; round++) {
      for (int k = 0; k < 2; k++) {
        boolean straddleTurn = (k == 0) == (round % 2 == 0);
        if (straddleTurn) {
          straddleDs.reset();
          long start = System.nanoTime();
          RunResult result = straddle.migrate(ContractPolicy.PREVIOUS_RELEASE_GONE);
          double ms = (System.nanoTime() - start) / 1e6;
          if (!result.steps().isEmpty()) {
            throw new IllegalStateException("not a no-op: " + result.steps());
          }
          if (round >= warmup) {
            straddleMs.add(ms);
          }
          straddleCounts = counts(straddleDs);
        } else {
          flywayDs.reset();
          long start = System.nanoTime();
          int executed = flyway.migrate().migrationsExecuted;
          double ms = (System.nanoTime() - start) / 1e6;
          if (executed != 0) {
            throw new IllegalStateException("Flyway not a no-op: " + executed);
          }
          if (round >= warmup) {
            flywayMs.add(ms);
          }
          flywayCounts = counts(flywayDs);
        }
      }
    }
    report.section(
        String.format(
            "Runner no-op: migrate on an up-to-date database, %d applied migrations (median of %d"
                + " after %d warm-up runs)",
            migrations, rounds, warmup),
        "| runner | median ms | min ms | max ms | connections | statements | commits/rollbacks |");
    report.row(row("Straddle `migrate --previous-release-gone`", straddleMs, straddleCounts));
    report.row(row("Flyway 13 `migrate` (validate on migrate)", flywayMs, flywayCounts));
    report.note(
        String.format(
            "No-op time ratio Straddle/Flyway: %.2f×; round trips (statements + transaction ends)"
                + " %d vs %d.",
            Stats.median(straddleMs) / Stats.median(flywayMs),
            straddleCounts[1] + straddleCounts[2],
            flywayCounts[1] + flywayCounts[2]));
  }

  private static long[] counts(CountingDataSource ds) {
    return new long[] {ds.connections.get(), ds.statements.get(), ds.transactionEnds.get()};
  }

  private static String row(String name, List<Double> ms, long[] counts) {
    return String.format(
        "| %s | %.1f | %.1f | %.1f | %d | %d | %d |",
        name, Stats.median(ms), Stats.min(ms), Stats.max(ms), counts[0], counts[1], counts[2]);
  }
}
