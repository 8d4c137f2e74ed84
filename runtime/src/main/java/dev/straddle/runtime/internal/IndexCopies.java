package dev.straddle.runtime.internal;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.sql.ShadowIndexes;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The indexes an {@linkplain IndexBuild#copy() index copy step} builds: each plain index on the
 * widened column, read from the catalog, as a build of its copy on the shadow column. {@link
 * IndexBuilder} runs them; {@code plan} prints them.
 *
 * @param name the copy's name
 * @param sql its {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS}, or null when the original's
 *     definition is not simple enough to copy (then {@code original} names it)
 */
record IndexCopies(String original, String name, String sql) {

  static List<IndexCopies> of(Connection connection, IndexBuild copy) throws SQLException {
    TableName table = TableName.parse(copy.table());
    List<IndexCopies> out = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(ShadowIndexes.query("?", "?"))) {
      statement.setString(1, table.sql());
      statement.setString(2, copy.copiedColumn());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString("copy");
          out.add(
              new IndexCopies(
                  rows.getString("relname"),
                  name,
                  ShadowIndexes.create(
                      rows.getString("definition"), rows.getString("col"), copy.name(), name)));
        }
      }
    }
    return out;
  }
}
