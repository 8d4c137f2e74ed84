package dev.straddle.runtime.internal;

import dev.straddle.plan.SyncFragment;
import java.util.List;

/**
 * The little JSON the history needs, written by hand (no JSON library); PostgreSQL's jsonb
 * functions read it back.
 */
final class Json {

  private Json() {}

  static String string(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  static String fragments(List<SyncFragment> fragments) {
    StringBuilder out = new StringBuilder("[");
    for (SyncFragment f : fragments) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append("{\"table\": ")
          .append(string(f.table()))
          .append(", \"direction\": ")
          .append(string(f.direction().name()))
          .append(", \"column\": ")
          .append(string(f.column()))
          .append(", \"expression\": ")
          .append(string(f.expression()))
          .append('}');
    }
    return out.append(']').toString();
  }

  /** A backfill cursor: the table being backfilled and the last key done (null: none yet). */
  static String cursor(String table, List<String> after, boolean tableDone) {
    StringBuilder out = new StringBuilder("{\"table\": ").append(string(table));
    out.append(", \"done\": ").append(tableDone);
    if (after != null) {
      out.append(", \"after\": [");
      for (int i = 0; i < after.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(after.get(i) == null ? "null" : string(after.get(i)));
      }
      out.append(']');
    }
    return out.append('}').toString();
  }

  /**
   * A backfill cursor on a partitioned table: as {@link #cursor(String, List, boolean)}, with the
   * leaf partition the keys belong to and the partitions done ({@code tableDone}: every one).
   */
  static String cursor(
      String table,
      List<String> after,
      boolean tableDone,
      String partition,
      List<String> partitionsDone) {
    String plain = cursor(table, after, tableDone);
    StringBuilder out = new StringBuilder(plain.substring(0, plain.length() - 1));
    out.append(", \"partition\": ").append(string(partition));
    out.append(", \"partitions_done\": [");
    for (int i = 0; i < partitionsDone.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(string(partitionsDone.get(i)));
    }
    return out.append("]}").toString();
  }
}
