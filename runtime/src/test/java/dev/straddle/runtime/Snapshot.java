package dev.straddle.runtime;

import dev.straddle.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run could have changed, as text: the first column of every row of each catalog query, a
 * line each. Tests compare it before and after a refused run, which must change nothing.
 */
final class Snapshot {

  private Snapshot() {}

  static String of(TestDatabase db, List<String> queries) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String sql : queries) {
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            lines.add(rs.getString(1));
          }
        }
      }
    }
    return String.join("\n", lines);
  }
}
