package dev.straddle.bench;

import dev.straddle.runtime.StraddleDataSource;
import dev.straddle.runtime.WriterHead;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Benchmark 7: what saying the head costs, per transaction and per written row, in the two writer
 * modes side by side on one direct connection: {@link WriterHead.Mode#SESSION} ({@code SET
 * straddle.head} once per connection) and {@link WriterHead.Mode#TRANSACTION} (the wrapper's {@code
 * set_config(..., true)} at the start of every transaction, and a transaction of its own around
 * each autocommit write). The table has a PL/pgSQL BEFORE trigger that reads {@code straddle.head},
 * like the sync trigger, so each row pays the same trigger in both modes. Three shapes: autocommit
 * single-row inserts, one-row transactions, ten-row transactions. Rounds alternate the modes;
 * medians of the rounds.
 */
final class WriterModeBench {

  private enum Shape {
    AUTOCOMMIT_ONE_ROW(1, true),
    TRANSACTION_ONE_ROW(1, false),
    TRANSACTION_TEN_ROWS(10, false);

    final int rows;
    final boolean autocommit;

    Shape(int rows, boolean autocommit) {
      this.rows = rows;
      this.autocommit = autocommit;
    }
  }

  private static final int HEAD = 1;

  private static final String TABLE =
      "CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL, qty int NOT NULL);\n"
          + "CREATE FUNCTION reads_head() RETURNS trigger LANGUAGE plpgsql AS $$\n"
          + "BEGIN\n"
          + "  IF coalesce(nullif(current_setting('straddle.head', true), ''), '0')::int < 0 THEN"
          + " RETURN NULL; END IF;\n"
          + "  RETURN NEW;\n"
          + "END $$;\n"
          + "CREATE TRIGGER reads_head BEFORE INSERT OR UPDATE ON items"
          + " FOR EACH ROW EXECUTE FUNCTION reads_head()";

  private final Duration perRound;
  private final int rounds;

  WriterModeBench(Duration perRound, int rounds) {
    this.perRound = perRound;
    this.rounds = rounds;
  }

  void run(Report report) throws Exception {
    report.section(
        "7. Saying the head: session setting against per-transaction set_config (one direct"
            + " connection, "
            + rounds
            + " rounds of "
            + perRound.toSeconds()
            + " s per mode and shape)",
        "| shape | session mode µs/transaction | transaction mode µs/transaction | difference µs"
            + " | session µs/row | transaction µs/row |");
    TestDatabase db = TestPostgres.newDatabase("writer_modes");
    try {
      db.execute(TABLE);
      for (Shape shape : Shape.values()) {
        List<Double> session = new ArrayList<>();
        List<Double> transaction = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          session.add(
              microsPerTransaction(
                  StraddleDataSource.wrap(db.dataSource(), HEAD, WriterHead.Mode.SESSION), shape));
          transaction.add(
              microsPerTransaction(
                  StraddleDataSource.wrap(db.dataSource(), HEAD, WriterHead.Mode.TRANSACTION),
                  shape));
        }
        double s = Stats.median(session);
        double t = Stats.median(transaction);
        report.row(
            String.format(
                Locale.ROOT,
                "| %s | %.0f | %.0f | %+.0f (%.2fx) | %.0f | %.0f |",
                shape.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                s,
                t,
                t - s,
                t / s,
                s / shape.rows,
                t / shape.rows));
      }
    } finally {
      db.drop();
    }
    report.note(
        "Both modes run the same trigger on every row; the transaction mode adds one statement"
            + " (one round trip) at the start of each transaction, and for an autocommit write"
            + " also the COMMIT of the transaction it opens around it.");
  }

  private double microsPerTransaction(DataSource dataSource, Shape shape) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO items (name, qty) VALUES (?, ?)")) {
      c.setAutoCommit(shape.autocommit);
      long transactions = 0;
      long start = System.nanoTime();
      long end = start + perRound.toNanos();
      while (System.nanoTime() < end) {
        for (int row = 0; row < shape.rows; row++) {
          insert.setString(1, "n" + row);
          insert.setInt(2, row);
          insert.executeUpdate();
        }
        if (!shape.autocommit) {
          c.commit();
        }
        transactions++;
      }
      double micros = (System.nanoTime() - start) / 1000.0 / transactions;
      c.setAutoCommit(true);
      return micros;
    }
  }
}
