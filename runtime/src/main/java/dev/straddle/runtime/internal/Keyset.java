package dev.straddle.runtime.internal;

import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The SQL of keyset batches over one table's primary key; key values travel as text. */
final class Keyset {
  private final TableName table;
  private final List<Catalog.KeyColumn> key;
  private final String columns;
  private final String orderBy;

  Keyset(TableName table, List<Catalog.KeyColumn> key) {
    this.table = table;
    this.key = key;
    this.columns =
        key.stream().map(k -> Identifiers.quote(k.name())).collect(Collectors.joining(", "));
    this.orderBy = columns;
  }

  private String row() {
    return "(" + columns + ")";
  }

  private String parameters() {
    return "(" + key.stream().map(k -> "?::" + k.type()).collect(Collectors.joining(", ")) + ")";
  }

  /** The batch's upper key: the n-th key after the cursor, in index order. */
  String upperBound(List<String> after) {
    // Aliased: ORDER BY "id" would otherwise sort by the text output column of that name.
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      texts.add(Identifiers.quote(key.get(i).name()) + "::text AS straddle_key_" + i);
    }
    String text = String.join(", ", texts);
    return "SELECT "
        + text
        + " FROM "
        + table.sql()
        + (after.isEmpty() ? "" : " WHERE " + row() + " > " + parameters())
        + " ORDER BY "
        + orderBy
        + " LIMIT 1 OFFSET ?";
  }

  /** The n-th key after the cursor, or {@code null} when fewer rows are left (last batch). */
  List<String> fetchUpper(Connection connection, String sql, List<String> after, int n)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = bind(statement, 1, after);
      statement.setInt(index, n - 1);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= key.size(); i++) {
          values.add(rs.getString(i));
        }
        return values;
      }
    }
  }

  /** {@code key > after AND key <= upper}, either bound left out when absent. */
  String range(List<String> after, List<String> upper) {
    List<String> parts = new ArrayList<>();
    if (!after.isEmpty()) {
      parts.add(row() + " > " + parameters());
    }
    if (upper != null) {
      parts.add(row() + " <= " + parameters());
    }
    return parts.isEmpty() ? "true" : String.join(" AND ", parts);
  }

  int bind(PreparedStatement statement, int index, List<String> values) throws SQLException {
    if (values == null) {
      return index;
    }
    for (String value : values) {
      statement.setString(index++, value);
    }
    return index;
  }
}
