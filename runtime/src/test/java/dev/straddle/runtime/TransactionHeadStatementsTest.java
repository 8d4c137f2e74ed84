package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.TestDatabase;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13: in {@link WriterHead.Mode#TRANSACTION}, every way a Java application writes in
 * autocommit mode says the head, so the sync trigger never takes new code for old (head 0). A
 * trigger records the {@code straddle.head} each row was written under.
 */
@ExtendWith(PostgresExtension.class)
class TransactionHeadStatementsTest {

  static final int HEAD = 7;
  final TestDatabase db;

  TransactionHeadStatementsTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void table() throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS th_rows;\n"
            + "CREATE TABLE th_rows (id text PRIMARY KEY, seen_head text);\n"
            + "CREATE OR REPLACE FUNCTION th_record() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN NEW.seen_head := coalesce(current_setting('straddle.head', true), '');"
            + " RETURN NEW; END $$;\n"
            + "CREATE TRIGGER th_record BEFORE INSERT ON th_rows"
            + " FOR EACH ROW EXECUTE FUNCTION th_record();\n"
            + "CREATE OR REPLACE FUNCTION th_add(p text) RETURNS integer LANGUAGE sql AS"
            + " $$ INSERT INTO th_rows (id) VALUES (p) RETURNING 1 $$;\n"
            + "CREATE OR REPLACE PROCEDURE th_put(p text) LANGUAGE sql AS"
            + " $$ INSERT INTO th_rows (id) VALUES (p) $$");
  }

  private DataSource wrapped() {
    return StraddleDataSource.wrap(db.dataSource(), HEAD, WriterHead.Mode.TRANSACTION);
  }

  /** id → the head the row was written under, for every row. */
  private Map<String, String> seen() throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, seen_head FROM th_rows ORDER BY id")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** {@code rows} rows were written, each under this wrapper's head. */
  private void assertEverySaidTheHead(int rows) throws SQLException {
    Map<String, String> seen = seen();
    Map<String, String> expected = new LinkedHashMap<>();
    seen.keySet().forEach(id -> expected.put(id, String.valueOf(HEAD)));
    assertEquals(rows, seen.size(), seen.toString());
    assertEquals(expected, seen);
  }

  @Test
  void plainStatementsInAutocommitSayTheHead() throws SQLException {
    try (Connection c = wrapped().getConnection();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO th_rows (id) VALUES ('a insert')");
      s.execute("/* app */ insert into th_rows (id) VALUES ('b commented')");
      s.execute("-- app\n  WITH x AS (SELECT 1) INSERT INTO th_rows (id) VALUES ('c with')");
      s.execute("SELECT th_add('d select')");
      s.execute("CALL th_put('e call')");
    }
    assertEverySaidTheHead(5);
  }

  /**
   * The JDBC escape syntax for calls ({@code {call ...}}, {@code {? = call ...}}), the usual way
   * Java code calls a procedure or function: pgjdbc rewrites it to a {@code SELECT} or {@code
   * CALL}, which may write (here: a function that inserts).
   */
  @Test
  void jdbcCallEscapesInAutocommitSayTheHead() throws SQLException {
    try (Connection c = wrapped().getConnection()) {
      try (CallableStatement call = c.prepareCall("{call th_add(?)}")) {
        call.setString(1, "a escape call");
        call.execute();
      }
      try (CallableStatement call = c.prepareCall("{ ? = call th_add(?) }")) {
        call.registerOutParameter(1, java.sql.Types.INTEGER);
        call.setString(2, "b escape function");
        call.execute();
      }
    }
    assertEverySaidTheHead(2);
  }

  /**
   * With autocommit off, a transaction ended by a statement ({@code COMMIT}, {@code ROLLBACK},
   * {@code END}) instead of {@code commit()}: the driver starts the next one by itself, and it must
   * say the head too.
   */
  @Test
  void transactionsEndedByStatementsSayTheHeadInTheNextOne() throws SQLException {
    try (Connection c = wrapped().getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO th_rows (id) VALUES ('a first')");
      s.execute("COMMIT");
      s.execute("INSERT INTO th_rows (id) VALUES ('b after commit')");
      s.execute("end");
      s.execute("SELECT 1");
      s.execute("ROLLBACK");
      s.execute("INSERT INTO th_rows (id) VALUES ('c after rollback')");
      c.commit();
    }
    assertEverySaidTheHead(3);
  }

  /** Statements that write without starting with a writing verb. */
  @Test
  void doBlocksExplainAnalyzeAndPreparedExecuteSayTheHead() throws SQLException {
    List<String> statements = new ArrayList<>();
    statements.add("DO $$ BEGIN INSERT INTO th_rows (id) VALUES ('a do'); END $$");
    statements.add("EXPLAIN ANALYZE INSERT INTO th_rows (id) VALUES ('b explain analyze')");
    try (Connection c = wrapped().getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
      s.execute("PREPARE th_ins(text) AS INSERT INTO th_rows (id) VALUES ($1)");
      s.execute("EXECUTE th_ins('c execute')");
    }
    assertEverySaidTheHead(3);
  }
}
