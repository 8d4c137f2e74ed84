package dev.straddle.bench;

import dev.straddle.testkit.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the benchmarks of BENCHMARKS.md on the test PostgreSQL (embedded unless {@code
 * STRADDLE_TEST_JDBC_URL} names a server) and prints Markdown tables.
 *
 * <p>Options: {@code --rows 1000000,4000000} backfill table sizes; {@code --trigger-rows 1000000}
 * table size of the trigger benchmark; {@code --connections 4}; {@code --seconds 10} per single-row
 * workload; {@code --only
 * backfill|trigger|traffic|lock|compile|writers|widen|partitions|replica|noop}; {@code --migrations
 * 500} generated migrations of the compile and no-op benchmarks; {@code --rounds 3} measured rounds
 * of the repeated benchmarks (trigger single-row, compile; no-op: at least 7); {@code
 * --backfill-rounds 1} interleaved rounds of the backfill benchmark (medians); {@code
 * --batch-target-ms 25} Straddle's batch target in the backfill benchmark (0: its default pacing);
 * {@code --traffic-rounds 3} rounds of the traffic benchmark, {@code --paced-rate 500} statements/s
 * per connection of its paced workload, {@code --traffic-variants
 * none,expand,25/0,defaults,5/5,single} what it runs during (nothing, an expand without backfill,
 * fixed batch target/pause in ms, the defaults, one UPDATE), {@code --paced-only true} skips its
 * closed loop; {@code --lock-timeout-ms 500} the lock benchmark's lock timeout, {@code
 * --hold-seconds 15} how long its row-lock holder holds (the defaults' before/after); {@code
 * --widen-rows 1000000 --widen-rounds 3} the in-place type change benchmark's table and rounds;
 * {@code --partition-rows 1000000 --partition-rounds 3 --partition-workers 2,4} the
 * partition-parallel backfill benchmark ({@code --only partitions}: 8 partitions, one stream
 * against each worker count; its pacing is {@code --batch-target-ms}). {@code --replica-rows
 * 1000000 --replica-rounds 2 --replica-variants off,5s,500ms,100ms,update} the replica lag
 * benchmark's table, rounds and variants (the bound off, bounds, one bulk UPDATE). {@code
 * --compile-dir /tmp} where the compile benchmark writes its sources and outputs (a tmpfs such as
 * {@code /dev/shm} takes the disk's noise out of a side-by-side comparison).
 *
 * <p>{@code --quick} runs every benchmark small (BENCHMARKS.md, "How to run": a few minutes, to
 * check a change against main side by side, not to quote); options after it still apply.
 */
public final class Benchmarks {

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } finally {
      TestPostgres.shutdown();
    }
  }

  private static void run(String[] args) throws Exception {
    List<Long> sizes = List.of(1_000_000L, 4_000_000L);
    long triggerRows = 1_000_000L;
    int connections = 4;
    Duration seconds = Duration.ofSeconds(10);
    String only = "";
    long lockTimeoutMs = 500;
    long holdSeconds = 15;
    int migrations = 500;
    int rounds = 3;
    int backfillRounds = 1;
    int trafficRounds = 3;
    Duration batchTarget = Duration.ofMillis(25);
    int pacedRate = 500;
    List<String> trafficVariants = List.of("none", "expand", "25/0", "defaults", "5/5", "single");
    boolean closedLoop = true;
    long widenRows = 1_000_000L;
    int widenRounds = 3;
    String compileDir = System.getProperty("java.io.tmpdir");
    Duration writerSeconds = Duration.ofSeconds(3);
    long partitionRows = 1_000_000L;
    int partitionRounds = 3;
    List<Integer> partitionWorkers = List.of(2, 4);
    long replicaRows = 1_000_000L;
    int replicaRounds = 2;
    List<String> replicaVariants = List.of("off", "5s", "500ms", "100ms", "update");
    List<String> options = new ArrayList<>(Arrays.asList(args));
    if (options.remove("--quick")) {
      sizes = List.of(200_000L);
      backfillRounds = 3;
      triggerRows = 200_000L;
      seconds = Duration.ofSeconds(3);
      trafficVariants = List.of("none", "expand", "25/0", "defaults");
      closedLoop = false;
      holdSeconds = 5;
      migrations = 100;
      widenRows = 200_000L;
      widenRounds = 1;
      writerSeconds = Duration.ofSeconds(1);
      partitionRows = 200_000L;
      partitionRounds = 1;
      replicaRows = 200_000L;
      replicaRounds = 1;
    }
    args = options.toArray(String[]::new);
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1].replace("_", "") : "";
      switch (args[i]) {
        case "--rows" -> sizes = parseSizes(value);
        case "--trigger-rows" -> triggerRows = Long.parseLong(value);
        case "--connections" -> connections = Integer.parseInt(value);
        case "--seconds" -> seconds = Duration.ofSeconds(Long.parseLong(value));
        case "--only" -> only = value;
        case "--lock-timeout-ms" -> lockTimeoutMs = Long.parseLong(value);
        case "--hold-seconds" -> holdSeconds = Long.parseLong(value);
        case "--migrations" -> migrations = Integer.parseInt(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--backfill-rounds" -> backfillRounds = Integer.parseInt(value);
        case "--batch-target-ms" -> batchTarget = Duration.ofMillis(Long.parseLong(value));
        case "--traffic-rounds" -> trafficRounds = Integer.parseInt(value);
        case "--paced-rate" -> pacedRate = Integer.parseInt(value);
        case "--traffic-variants" -> trafficVariants = List.of(value.split(","));
        case "--paced-only" -> closedLoop = !Boolean.parseBoolean(value);
        case "--widen-rows" -> widenRows = Long.parseLong(value);
        case "--widen-rounds" -> widenRounds = Integer.parseInt(value);
        case "--partition-rows" -> partitionRows = Long.parseLong(value);
        case "--partition-rounds" -> partitionRounds = Integer.parseInt(value);
        case "--partition-workers" ->
            partitionWorkers = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
        case "--replica-rows" -> replicaRows = Long.parseLong(value);
        case "--replica-rounds" -> replicaRounds = Integer.parseInt(value);
        case "--replica-variants" -> replicaVariants = List.of(value.split(","));
        case "--compile-dir" -> compileDir = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    Report report = new Report();
    if (only.isEmpty() || only.equals("backfill")) {
      BackfillBench.run(sizes, backfillRounds, batchTarget, report);
    }
    if (only.isEmpty() || only.equals("trigger")) {
      new TriggerBench(triggerRows, connections, seconds, Math.max(1, rounds)).run(report);
    }
    if (only.isEmpty() || only.equals("traffic")) {
      new TrafficImpactBench(
              triggerRows,
              connections,
              seconds,
              trafficRounds,
              pacedRate,
              trafficVariants,
              closedLoop)
          .run(report);
    }
    if (only.isEmpty() || only.equals("lock")) {
      LockImpactBench lock =
          new LockImpactBench(
              triggerRows / 10,
              connections,
              Duration.ofSeconds(5),
              Duration.ofMillis(lockTimeoutMs),
              Duration.ofSeconds(holdSeconds));
      lock.run(report);
      lock.runDefaults(report);
    }
    if (only.isEmpty() || only.equals("compile")) {
      new CompileBench(migrations, rounds, Path.of(compileDir)).run(report);
    }
    if (only.isEmpty() || only.equals("writers")) {
      new WriterModeBench(writerSeconds, Math.max(rounds, 3)).run(report);
    }
    if (only.isEmpty() || only.equals("widen")) {
      new WidenBench(widenRows, connections, Math.max(1, widenRounds)).run(report);
    }
    if (only.isEmpty() || only.equals("partitions")) {
      new PartitionBackfillBench(partitionRows, partitionRounds, partitionWorkers, batchTarget)
          .run(report);
    }
    if (only.isEmpty() || only.equals("replica")) {
      new ReplicaBench(replicaRows, Math.max(1, replicaRounds), replicaVariants).run(report);
    }
    if (only.isEmpty() || only.equals("noop")) {
      new NoopRunnerBench(migrations, Math.max(rounds, 7)).run(report);
    }
    report.print(System.out);
  }

  private static List<Long> parseSizes(String value) {
    List<Long> sizes = new ArrayList<>();
    Arrays.stream(value.split(",")).forEach(s -> sizes.add(Long.parseLong(s.trim())));
    return sizes;
  }
}
