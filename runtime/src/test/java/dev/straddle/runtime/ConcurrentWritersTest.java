package dev.straddle.runtime;

import static dev.straddle.runtime.TestPlans.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Old code (head 0) and new code (head = the migration) write concurrently while the runner
 * expands, backfills and contracts; no writer sees an error inside its window, and afterwards every
 * row's old and new columns agree with the up/down expressions.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentWritersTest {

  static final int ROWS = 3000;
  final TestDatabase db;

  ConcurrentWritersTest(TestDatabase db) {
    this.db = db;
  }

  Straddle straddle(MigrationPlan plan, String schema) {
    return Straddle.configure(plan)
        .dataSource(db.dataSource())
        .historySchema(schema)
        .lockTimeout(Duration.ofMillis(500))
        .retryBudget(Duration.ofSeconds(60))
        .batchRows(100, 200)
        .load();
  }

  static Writer.Op sql(String sql, boolean insert, boolean withPriority) {
    return (c, newId, existingId, queue) -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        if (insert) {
          s.setLong(1, newId);
          s.setString(2, queue);
          if (withPriority) {
            s.setInt(3, queue.equals("urgent") ? 10 : 0);
          }
        } else {
          s.setString(1, queue);
          if (withPriority) {
            s.setInt(2, queue.equals("urgent") ? 10 : 0);
            s.setLong(3, existingId);
          } else {
            s.setLong(2, existingId);
          }
        }
        s.executeUpdate();
      }
    };
  }

  @Test
  void renameWithBothHeadsWriting() throws Exception {
    String t = "jobs_rename_rw";
    db.execute(TestPlans.jobsTable(t, ROWS));
    MigrationPlan plan = TestPlans.plan(TestPlans.rename(10, t, "queue", "queue_name", "text"));
    Straddle straddle = straddle(plan, "hist_rename_rw");
    List<Writer> old = List.of(oldWriter(t), oldWriter(t));
    for (Writer w : old) {
      w.awaitMore(10);
    }
    straddle.expand(Backfill.DEFER);
    List<Writer> fresh = List.of(newRenameWriter(t), newRenameWriter(t));
    for (Writer w : old) {
      w.awaitMore(20);
    }
    straddle.backfill();
    for (Writer w : fresh) {
      w.awaitMore(20);
    }
    for (Writer w : old) {
      w.stop(); // old code is gone before contract
    }
    for (Writer w : fresh) {
      w.stop();
    }
    try (Connection c = db.connect()) {
      assertEquals(
          0, count(c, "SELECT count(*) FROM " + t + " WHERE queue_name IS DISTINCT FROM queue"));
    }
    List<Writer> during = List.of(newRenameWriter(t), newRenameWriter(t));
    straddle.contract(ContractPolicy.PREVIOUS_RELEASE_GONE);
    for (Writer w : during) {
      w.awaitMore(20);
      w.stop();
    }
    for (Writer w : List.of(old.get(0), old.get(1), fresh.get(0), fresh.get(1), during.get(0))) {
      assertEquals(List.of(), w.errors);
    }
    assertEquals(List.of(), during.get(1).errors);
    try (Connection c = db.connect()) {
      assertEquals(0, count(c, "SELECT count(*) FROM " + t + " WHERE queue_name IS NULL"));
      assertEquals(
          0,
          count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
                  + t
                  + "' AND column_name = 'queue'"));
    }
  }

  @Test
  void addWithUpWithBothHeadsWriting() throws Exception {
    String t = "jobs_add_rw";
    db.execute(TestPlans.jobsTable(t, ROWS));
    String up = "CASE WHEN queue = 'urgent' THEN 10 ELSE 0 END";
    MigrationPlan plan = TestPlans.plan(TestPlans.addNotNull(11, t, "priority", "integer", up));
    Straddle straddle = straddle(plan, "hist_add_rw");
    List<Writer> old = List.of(oldWriter(t), oldWriter(t));
    for (Writer w : old) {
      w.awaitMore(10);
    }
    straddle.expand(Backfill.DEFER);
    List<Writer> fresh = List.of(newAddWriter(t), newAddWriter(t));
    for (Writer w : old) {
      w.awaitMore(20);
    }
    straddle.backfill();
    for (Writer w : fresh) {
      w.awaitMore(20);
    }
    for (Writer w : old) {
      w.stop();
    }
    straddle.contract(
        ContractPolicy.PREVIOUS_RELEASE_GONE); // new code keeps writing through contract
    for (Writer w : fresh) {
      w.awaitMore(20);
      w.stop();
    }
    for (Writer w : List.of(old.get(0), old.get(1), fresh.get(0), fresh.get(1))) {
      assertEquals(List.of(), w.errors);
    }
    try (Connection c = db.connect()) {
      assertEquals(
          0,
          count(c, "SELECT count(*) FROM " + t + " WHERE priority IS DISTINCT FROM (" + up + ")"));
      assertEquals(
          "NO",
          TestPlans.text(
              c,
              "SELECT is_nullable FROM information_schema.columns WHERE table_name = '"
                  + t
                  + "' AND column_name = 'priority'"));
    }
  }

  private Writer oldWriter(String t) {
    return new Writer(
            db,
            0,
            ROWS,
            sql("INSERT INTO " + t + " (id, queue) VALUES (?, ?)", true, false),
            sql("UPDATE " + t + " SET queue = ? WHERE id = ?", false, false))
        .start();
  }

  private Writer newRenameWriter(String t) {
    return new Writer(
            db,
            10,
            ROWS,
            sql("INSERT INTO " + t + " (id, queue_name) VALUES (?, ?)", true, false),
            sql("UPDATE " + t + " SET queue_name = ? WHERE id = ?", false, false))
        .start();
  }

  private Writer newAddWriter(String t) {
    return new Writer(
            db,
            11,
            ROWS,
            sql("INSERT INTO " + t + " (id, queue, priority) VALUES (?, ?, ?)", true, true),
            sql("UPDATE " + t + " SET queue = ?, priority = ? WHERE id = ?", false, true))
        .start();
  }
}
