package dev.straddle.plan.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table's {@code partitionBy} ({@code "RANGE (created_at)"}), read into its method and the
 * elements of its key (docs/ARCHITECTURE.md, "Partitioned tables").
 *
 * @param method {@code RANGE}, {@code LIST} or {@code HASH}, in upper case
 * @param elements the key's elements as written: a column name (possibly followed by a collation or
 *     operator class) or a parenthesized expression
 */
public record PartitionKey(String method, List<String> elements) {

  private static final Pattern SHAPE =
      Pattern.compile(
          "\\s*(range|list|hash)\\s*\\((.*)\\)\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern COLUMN =
      Pattern.compile("([a-z_][a-z0-9_$]*)(\\s+.*)?", Pattern.DOTALL);

  public PartitionKey {
    elements = List.copyOf(elements);
  }

  /** The key of {@code partitionBy}, or null when it is not {@code METHOD (element, ...)}. */
  public static PartitionKey parse(String partitionBy) {
    Matcher m = SHAPE.matcher(partitionBy);
    if (!m.matches()) {
      return null;
    }
    List<String> elements = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder current = new StringBuilder();
    for (char c : m.group(2).toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      }
      if (!quoted && depth == 0 && c == ',') {
        elements.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    elements.add(current.toString().trim());
    if (depth != 0 || quoted || elements.stream().anyMatch(String::isEmpty)) {
      return null;
    }
    return new PartitionKey(m.group(1).toUpperCase(Locale.ROOT), elements);
  }

  /** The column an element names, or null for an expression. */
  public static String column(String element) {
    Matcher m = COLUMN.matcher(element);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * The columns of {@code tableColumns} the key reads: the columns it names, and the ones its
   * expressions refer to.
   */
  public Set<String> columns(Set<String> tableColumns) {
    Set<String> out = new LinkedHashSet<>();
    for (String element : elements) {
      String column = column(element);
      if (column != null) {
        out.add(column);
      } else {
        out.addAll(SqlExpression.of(element).referencedColumns(tableColumns));
      }
    }
    return out;
  }
}
