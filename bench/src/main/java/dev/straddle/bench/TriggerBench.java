package dev.straddle.bench;

import dev.straddle.bench.migrations.StraddlePlan;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.SyncFunctionSql;
import dev.straddle.plan.sql.SyncFunctionSql.InFlight;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 3: what the sync trigger costs every write. Copies of one table with the same columns:
 * without a trigger; with the smallest PL/pgSQL BEFORE trigger that reads {@code straddle.head}
 * (the reference the issue names: the price of any PL/pgSQL row trigger); with a PL/pgSQL trigger
 * that makes only the two assignments this writer needs and checks nothing (the floor of any
 * PL/pgSQL sync trigger on this workload); with migration 1 expanded and backfilled (Straddle's
 * sync trigger, which then fires on updates of the columns it syncs only; written by old code so
 * both UP fragments run); the same trigger firing on every update (what it is before the backfill
 * ends, or beside another BEFORE UPDATE trigger); a prototype with one trigger per head range, a
 * WHEN on the head and a branch-free function each; a table whose only trigger its WHEN clause
 * always skips; and the trigger Straddle installs while only an add-with-up is in flight, written
 * by new code (head 1), which its WHEN clause skips. Bulk statements and single-row statements from
 * several connections (among them an UPDATE of {@code pad}, a column no migration touches), rounds
 * rotating the tables; medians.
 */
final class TriggerBench {

  private enum Table {
    PLAIN(null),
    REFERENCE(null),
    ASSIGNMENTS(null),
    SYNC(null),
    SYNC_EVERY_UPDATE(null),
    SYNC_RANGES(null),
    ADD_ONLY_NEW_CODE(1),
    SKIPPED(null);

    /** The writers' {@code straddle.head}; none: old code. */
    final Integer head;

    Table(Integer head) {
      this.head = head;
    }
  }

  private static final TableName ITEMS = TableName.parse("items");

  /** Migration 1's fragments, as the bench migrations declare them. */
  private static final List<InFlight> RENAME_AND_DERIVE =
      List.of(
          new InFlight(
              1,
              List.of(
                  new SyncFragment("items", Direction.UP, "label", "name"),
                  new SyncFragment("items", Direction.DOWN, "name", "label"),
                  new SyncFragment("items", Direction.UP, "qty_doubled", "qty * 2"))));

  /** What Straddle's sync trigger is while only migration 1's add-with-up is in flight. */
  private static final List<InFlight> ADD_ONLY =
      List.of(
          new InFlight(
              1, List.of(new SyncFragment("items", Direction.UP, "qty_doubled", "qty * 2"))));

  private static final String REFERENCE_TRIGGER =
      "CREATE FUNCTION reference_trigger() RETURNS trigger LANGUAGE plpgsql AS $$\n"
          + "BEGIN\n"
          + "  IF current_setting('straddle.head', true) = 'never' THEN RETURN NULL; END IF;\n"
          + "  RETURN NEW;\n"
          + "END $$;\n"
          + "CREATE TRIGGER reference BEFORE INSERT OR UPDATE ON items"
          + " FOR EACH ROW EXECUTE FUNCTION reference_trigger()";

  /** A trigger whose WHEN clause reads the head and always skips it. */
  private static final String SKIPPED_TRIGGER =
      "CREATE FUNCTION skipped_trigger() RETURNS trigger LANGUAGE plpgsql AS $$\n"
          + "BEGIN\n"
          + "  RETURN NEW;\n"
          + "END $$;\n"
          + "CREATE TRIGGER skipped BEFORE INSERT OR UPDATE ON items FOR EACH ROW"
          + " WHEN (current_setting('straddle.head', true) IS NOT DISTINCT FROM 'never')"
          + " EXECUTE FUNCTION skipped_trigger()";

  private static final String HEAD_INT =
      "coalesce(nullif(current_setting('straddle.head', true), ''), '0')::int";

  /** Prototype: one trigger per head range, each with a branch-free function. */
  private static final String RANGE_TRIGGERS =
      "CREATE FUNCTION sync_up() RETURNS trigger LANGUAGE plpgsql AS $$\n"
          + "BEGIN\n"
          + "  NEW.label := NEW.name;\n"
          + "  NEW.qty_doubled := NEW.qty * 2;\n"
          + "  RETURN NEW;\n"
          + "END $$;\n"
          + "CREATE FUNCTION sync_down() RETURNS trigger LANGUAGE plpgsql AS $$\n"
          + "BEGIN\n"
          + "  NEW.name := NEW.label;\n"
          + "  RETURN NEW;\n"
          + "END $$;\n"
          + "CREATE TRIGGER _straddle_sync_0 BEFORE INSERT OR UPDATE ON items FOR EACH ROW"
          + " WHEN (current_setting('straddle.head', true) IS DISTINCT FROM '-1' AND "
          + HEAD_INT
          + " < 1) EXECUTE FUNCTION sync_up();\n"
          + "CREATE TRIGGER _straddle_sync_1 BEFORE INSERT OR UPDATE ON items FOR EACH ROW"
          + " WHEN ("
          + HEAD_INT
          + " >= 1) EXECUTE FUNCTION sync_down()";

  /** The same assignments as the sync function's UP block, without the writer check. */
  private static final String ASSIGNMENTS_TRIGGER =
      "CREATE FUNCTION assignments_trigger() RETURNS trigger LANGUAGE plpgsql AS $$\n"
          + "BEGIN\n"
          + "  NEW.label := NEW.name;\n"
          + "  NEW.qty_doubled := NEW.qty * 2;\n"
          + "  RETURN NEW;\n"
          + "END $$;\n"
          + "CREATE TRIGGER assignments BEFORE INSERT OR UPDATE ON items"
          + " FOR EACH ROW EXECUTE FUNCTION assignments_trigger()";

  private final long rows;
  private final int connections;
  private final Duration oltp;
  private final int rounds;

  TriggerBench(long rows, int connections, Duration oltp, int rounds) {
    this.rows = rows;
    this.connections = connections;
    this.oltp = oltp;
    this.rounds = rounds;
  }

  void run(Report report) throws SQLException, InterruptedException {
    Map<Table, TestDatabase> tables = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      TestDatabase database = TestPostgres.newDatabase("bench_" + t.name().toLowerCase());
      BenchTable.create(database, rows);
      if (t == Table.SYNC || t == Table.SYNC_EVERY_UPDATE) {
        // Expand and backfill: the trigger then fires on updates of the columns it syncs only.
        Straddle.configure(new StraddlePlan()).dataSource(database.dataSource()).load().expand();
        if (t == Table.SYNC_EVERY_UPDATE) {
          // What it is before the backfill ends, or beside another BEFORE UPDATE trigger.
          database.execute(SyncFunctionSql.createTrigger(ITEMS, RENAME_AND_DERIVE, true));
        }
      } else {
        BenchTable.time(
            database,
            null,
            "ALTER TABLE items ADD COLUMN label text, ADD COLUMN qty_doubled integer;"
                + " UPDATE items SET label = name, qty_doubled = qty * 2");
        if (t == Table.REFERENCE) {
          database.execute(REFERENCE_TRIGGER);
        } else if (t == Table.ASSIGNMENTS) {
          database.execute(ASSIGNMENTS_TRIGGER);
        } else if (t == Table.SKIPPED) {
          database.execute(SKIPPED_TRIGGER);
        } else if (t == Table.SYNC_RANGES) {
          database.execute(RANGE_TRIGGERS);
        } else if (t == Table.ADD_ONLY_NEW_CODE) {
          database.execute(
              SyncFunctionSql.createFunction(
                  ITEMS, ADD_ONLY, Set.of("id", "name", "qty", "pad", "label", "qty_doubled")));
          database.execute(SyncFunctionSql.createTrigger(ITEMS, ADD_ONLY, false));
        }
      }
      BenchTable.time(database, null, "VACUUM items");
      tables.put(t, database);
    }

    report.section(
        String.format(
            "Sync-trigger write cost (%,d-row table, writer = old code, 2 UP fragments; median of"
                + " %d rounds)",
            rows, rounds),
        "| workload | no trigger | PL/pgSQL reference trigger | assignments-only trigger (floor)"
            + " | sync trigger | sync vs no trigger | sync vs reference | sync vs floor |");
    Map<Table, List<Double>> bulkUpdates = new EnumMap<>(Table.class);
    Map<Table, List<Double>> bulkInserts = new EnumMap<>(Table.class);
    Map<Table, List<Double>> updates = new EnumMap<>(Table.class);
    Map<Table, List<Double>> inserts = new EnumMap<>(Table.class);
    Map<Table, List<Double>> untouched = new EnumMap<>(Table.class);
    Map<Table, AtomicLong> nextId = new EnumMap<>(Table.class);
    long bulk = rows / 2;
    for (Table t : Table.values()) {
      nextId.put(t, new AtomicLong(rows + (long) rounds * bulk + 1));
    }
    Table[] all = Table.values();
    for (int round = 0; round < rounds; round++) {
      long from = rows + round * bulk + 1;
      String insert =
          "INSERT INTO items (id, name, qty, pad) SELECT g, 'item ' || g, (g % 1000)::int,"
              + " repeat('x', 40) FROM generate_series("
              + from
              + ", "
              + (from + bulk - 1)
              + ") AS g";
      for (int k = 0; k < all.length; k++) {
        Table t = all[(k + round) % all.length];
        TestDatabase database = tables.get(t);
        add(
            bulkUpdates,
            t,
            rows / BenchTable.time(database, t.head, "UPDATE items SET qty = qty + 1"));
        add(bulkInserts, t, bulk / BenchTable.time(database, t.head, insert));
        BenchTable.time(database, null, "VACUUM items");
        add(updates, t, singleRowUpdates(database, t.head));
        add(inserts, t, singleRowInserts(database, t.head, nextId.get(t)));
        add(untouched, t, untouchedUpdates(database, t.head));
      }
    }
    for (TestDatabase database : tables.values()) {
      database.drop();
    }
    String singleUpdates =
        String.format("single-row UPDATE, %d connections (statements/s)", connections);
    String singleInserts =
        String.format("single-row INSERT, %d connections (statements/s)", connections);
    row(report, "bulk UPDATE of every row (rows/s)", bulkUpdates);
    row(report, "bulk INSERT (rows/s)", bulkInserts);
    row(report, singleUpdates, updates);
    row(report, singleInserts, inserts);

    report.section(
        "Every workload against its floor (same rounds): base = the assignments-only trigger, or for"
            + " the UPDATE of a column no migration touches (pad) also a table whose only trigger"
            + " its WHEN clause always skips",
        "| workload | base | sync trigger (Straddle) | sync trigger firing on every update (before) | prototype: one trigger per head range | sync / base | every update / base | per range / base |");
    protoRow(report, "bulk UPDATE of every row (rows/s)", bulkUpdates, Table.ASSIGNMENTS);
    protoRow(report, "bulk INSERT (rows/s)", bulkInserts, Table.ASSIGNMENTS);
    protoRow(report, singleUpdates, updates, Table.ASSIGNMENTS);
    protoRow(report, singleInserts, inserts, Table.ASSIGNMENTS);
    protoRow(
        report,
        "single-row UPDATE of pad, base = floor (statements/s)",
        untouched,
        Table.ASSIGNMENTS);
    protoRow(
        report,
        "single-row UPDATE of pad, base = always WHEN-skipped trigger (statements/s)",
        untouched,
        Table.SKIPPED);

    report.section(
        "Writes of the rolled-out release (head 1) while only an add-with-up is in flight: the"
            + " WHEN clause skips them (same rounds)",
        "| workload | no trigger | sync trigger, writer at head 1 | ratio |");
    newCodeRow(report, "bulk UPDATE of every row (rows/s)", bulkUpdates);
    newCodeRow(report, "bulk INSERT (rows/s)", bulkInserts);
    newCodeRow(report, singleUpdates, updates);
    newCodeRow(report, singleInserts, inserts);
  }

  private static void newCodeRow(Report report, String workload, Map<Table, List<Double>> samples) {
    double plain = Stats.median(samples.get(Table.PLAIN));
    double skipped = Stats.median(samples.get(Table.ADD_ONLY_NEW_CODE));
    report.row(
        String.format("| %s | %,.0f | %,.0f | %.2f× |", workload, plain, skipped, skipped / plain));
  }

  private static void protoRow(
      Report report, String workload, Map<Table, List<Double>> samples, Table base) {
    double floor = Stats.median(samples.get(base));
    double sync = Stats.median(samples.get(Table.SYNC));
    double columns = Stats.median(samples.get(Table.SYNC_EVERY_UPDATE));
    double ranges = Stats.median(samples.get(Table.SYNC_RANGES));
    report.row(
        String.format(
            "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %.2f× | %.2f× | %.2f× |",
            workload, floor, sync, columns, ranges, sync / floor, columns / floor, ranges / floor));
  }

  private static void add(Map<Table, List<Double>> samples, Table table, double value) {
    samples.computeIfAbsent(table, x -> new ArrayList<>()).add(value);
  }

  private static void row(Report report, String workload, Map<Table, List<Double>> samples) {
    double plain = Stats.median(samples.get(Table.PLAIN));
    double reference = Stats.median(samples.get(Table.REFERENCE));
    double floor = Stats.median(samples.get(Table.ASSIGNMENTS));
    double sync = Stats.median(samples.get(Table.SYNC));
    report.row(
        String.format(
            "| %s | %,.0f | %,.0f (%.2f×) | %,.0f (%.2f×) | %,.0f | %.2f× | %.2f× | %.2f× |",
            workload,
            plain,
            reference,
            reference / plain,
            floor,
            floor / plain,
            sync,
            sync / plain,
            sync / reference,
            sync / floor));
  }

  private interface Statement {
    void once(PreparedStatement statement) throws SQLException;
  }

  private double singleRowUpdates(TestDatabase database, Integer head) throws InterruptedException {
    return drive(
        database,
        head,
        "UPDATE items SET qty = qty + 1 WHERE id = ?",
        s -> {
          s.setLong(1, 1 + ThreadLocalRandom.current().nextLong(rows));
          s.executeUpdate();
        });
  }

  private double untouchedUpdates(TestDatabase database, Integer head) throws InterruptedException {
    return drive(
        database,
        head,
        "UPDATE items SET pad = 'y' WHERE id = ?",
        s -> {
          s.setLong(1, 1 + ThreadLocalRandom.current().nextLong(rows));
          s.executeUpdate();
        });
  }

  private double singleRowInserts(TestDatabase database, Integer head, AtomicLong next)
      throws InterruptedException {
    return drive(
        database,
        head,
        "INSERT INTO items (id, name, qty, pad) VALUES (?, 'new', 1, 'x')",
        s -> {
          s.setLong(1, next.getAndIncrement());
          s.executeUpdate();
        });
  }

  /** Statements per second over {@link #oltp}, from {@link #connections} connections. */
  private double drive(TestDatabase database, Integer head, String sql, Statement body)
      throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + oltp.toNanos();
    List<Thread> threads = new ArrayList<>();
    List<SQLException> failures = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread thread =
          new Thread(
              () -> {
                try (Connection connection =
                        head == null ? database.connect() : database.connectAsHead(head);
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                  while (System.nanoTime() < deadline) {
                    body.once(statement);
                    done.incrementAndGet();
                  }
                } catch (SQLException e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a benchmark connection failed", failures.get(0));
    }
    return done.get() / (oltp.toNanos() / 1e9);
  }
}
