package dev.straddle.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loopback standby is a real streaming replica: the primary lists it in {@code
 * pg_stat_replication}, what the primary writes shows up on it, and a paused replay holds it back
 * until resumed.
 */
class LoopbackReplicaTest {

  @ParameterizedTest
  @ValueSource(ints = {13, 17})
  void theStandbyStreamsAndReplaysThePrimarysWrites(int major) throws Exception {
    try (LoopbackReplica replica = LoopbackReplica.start(major, Duration.ofSeconds(1))) {
      assertEquals(major, replica.major());
      TestDatabase db = replica.newDatabase("replica");
      db.execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)");
      replica.awaitReplayed(Duration.ofSeconds(60));
      assertEquals(1, count(replica, db));
      try (Connection c = replica.connectStandby(db.name());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
        rs.next();
        assertTrue(rs.getBoolean(1));
      }

      replica.pauseReplay();
      db.execute("INSERT INTO t SELECT generate_series(2, 1000)");
      assertTrue(replica.bytesNotReplayed() > 0);
      assertEquals(1, count(replica, db));
      replica.resumeReplay();
      replica.awaitReplayed(Duration.ofSeconds(60));
      assertEquals(1000, count(replica, db));
    }
  }

  private static int count(LoopbackReplica replica, TestDatabase db) throws SQLException {
    try (Connection c = replica.connectStandby(db.name());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
