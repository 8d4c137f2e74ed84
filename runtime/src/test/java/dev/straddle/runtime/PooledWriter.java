package dev.straddle.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client of a shared pool writing the rename test's table as one release: inserts, updates and
 * (unless statement pooling forbids them) two-update transactions. Every write records in {@code
 * payload} who meant which queue ({@code old:q3} / {@code new:q3}), so a write the sync trigger
 * attributed to the wrong release shows afterwards as a row whose queue differs from its payload.
 */
final class PooledWriter implements Runnable {

  /** Hands out this client's connection: one kept for good, or one borrowed per write. */
  interface Source {
    Connection borrow() throws SQLException;

    /** Whether {@link #borrow()} hands out a pool's connection, to be closed after each write. */
    boolean pooled();
  }

  private static final AtomicLong IDS = new AtomicLong(1_000_000);

  private final String release; // "old" or "new"
  private final String column; // the queue column this release knows
  private final String table;
  private final int existingRows;
  private final Source source;
  private final boolean transactions;
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  final AtomicLong writes = new AtomicLong();
  private volatile boolean stop;
  private Thread thread;

  PooledWriter(
      String release, String table, int existingRows, Source source, boolean transactions) {
    this.release = release;
    this.column = release.equals("old") ? "queue" : "queue_name";
    this.table = table;
    this.existingRows = existingRows;
    this.source = source;
    this.transactions = transactions;
  }

  PooledWriter start() {
    thread = new Thread(this, "pooled-writer-" + release);
    thread.start();
    return this;
  }

  @Override
  public void run() {
    Connection kept = null;
    try {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (!stop) {
        Connection c = kept != null ? kept : source.borrow();
        try {
          String queue = "q" + random.nextInt(100);
          int kind = random.nextInt(4);
          if (kind == 0) {
            insert(c, queue);
          } else if (kind == 1 && transactions) {
            long id = 1 + random.nextInt(existingRows); // one row: no lock-order deadlocks
            c.setAutoCommit(false);
            update(c, queue, id);
            update(c, queue + "b", id);
            c.commit();
            c.setAutoCommit(true);
          } else {
            update(c, queue, 1 + random.nextInt(existingRows));
          }
          writes.incrementAndGet();
        } finally {
          if (source.pooled()) {
            c.close();
          } else {
            kept = c;
          }
        }
      }
    } catch (Throwable e) {
      errors.add(e);
    } finally {
      if (kept != null) {
        try {
          kept.close();
        } catch (SQLException e) {
          errors.add(e);
        }
      }
    }
  }

  private void insert(Connection c, String queue) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO " + table + " (id, " + column + ", payload) VALUES (?, ?, ?)")) {
      s.setLong(1, IDS.incrementAndGet());
      s.setString(2, queue);
      s.setString(3, release + ":" + queue);
      s.executeUpdate();
    }
  }

  private void update(Connection c, String queue, long id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE " + table + " SET " + column + " = ?, payload = ? WHERE id = ?")) {
      s.setString(1, queue);
      s.setString(2, release + ":" + queue);
      s.setLong(3, id);
      s.executeUpdate();
    }
  }

  /** Waits until this writer has made {@code more} further writes (or failed). */
  void awaitMore(long more) throws InterruptedException {
    long target = writes.get() + more;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (writes.get() < target && errors.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  void stop() throws InterruptedException {
    stop = true;
    thread.join(60_000);
  }
}
