package dev.straddle.processor.generation;

import dev.straddle.plan.sql.Identifiers;

/** Sync fragments that give a column a value only where it holds NULL. */
final class Fill {

  private Fill() {}

  /**
   * {@code coalesce("column", (value))}: a row's own value is kept, NULL becomes {@code value}
   * (evaluated for that row).
   */
  static String whereNull(String column, String value) {
    return "coalesce(" + Identifiers.quote(column) + ", (" + value + "))";
  }
}
