package dev.straddle.runtime;

import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Application code of one head, writing on its own connection in a loop until stopped: an insert of
 * a new row, then an update of a random existing one. Records errors and the slowest statement.
 */
final class Writer implements Runnable {

  /** One write; {@code newId} for inserts, {@code existingId} for updates. */
  @FunctionalInterface
  interface Op {
    void write(Connection connection, long newId, long existingId, String queue)
        throws SQLException;
  }

  static final AtomicLong IDS = new AtomicLong(1_000_000);

  private final TestDatabase db;
  private final int head;
  private final long existingRows;
  private final Op insert;
  private final Op update;
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  final AtomicLong operations = new AtomicLong();
  final AtomicLong slowestNanos = new AtomicLong();
  private volatile boolean stop;
  private Thread thread;

  Writer(TestDatabase db, int head, long existingRows, Op insert, Op update) {
    this.db = db;
    this.head = head;
    this.existingRows = existingRows;
    this.insert = insert;
    this.update = update;
  }

  Writer start() {
    thread = new Thread(this, "writer-head-" + head);
    thread.start();
    return this;
  }

  @Override
  public void run() {
    try (Connection connection = db.connectAsHead(head)) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (!stop) {
        String queue = random.nextInt(5) == 0 ? "urgent" : "q" + random.nextInt(100);
        timed(() -> insert.write(connection, IDS.incrementAndGet(), 0, queue));
        timed(() -> update.write(connection, 0, 1 + random.nextLong(existingRows), queue));
        operations.addAndGet(2);
      }
    } catch (Throwable e) {
      errors.add(e);
    }
  }

  private interface Body {
    void run() throws SQLException;
  }

  private void timed(Body body) throws SQLException {
    long start = System.nanoTime();
    body.run();
    slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
  }

  /** Waits until this writer has done {@code more} further operations (or failed). */
  void awaitMore(long more) throws InterruptedException {
    long target = operations.get() + more;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (operations.get() < target && errors.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  void stop() throws InterruptedException {
    stop = true;
    thread.join(60_000);
  }
}
