package dev.straddle.processor.validation;

import dev.straddle.processor.reading.ColumnDecl;
import java.util.Locale;
import java.util.Set;

/**
 * Checks of an identity column ({@code @Column(identity = ...)}) of a {@code @CreateTable} or an
 * {@code @ExistingTable}: PostgreSQL numbers it from a sequence of its own, for the integer types
 * only, and refuses a default beside it.
 */
final class IdentityColumns {

  private static final Set<String> INTEGER_TYPES =
      Set.of("smallint", "integer", "bigint", "int", "int2", "int4", "int8");

  private IdentityColumns() {}

  /** True when {@code column} is not an identity column or a valid one (reported otherwise). */
  static boolean check(ColumnDecl column, ValidationReport report) {
    if (!column.isIdentity()) {
      return true;
    }
    boolean ok = true;
    if (!INTEGER_TYPES.contains(column.type().trim().toLowerCase(Locale.ROOT))) {
      report.error(
          column.site(), "identity", Message.IDENTITY_TYPE, column.name(), column.type().trim());
      ok = false;
    }
    if (!column.defaultValue().isEmpty()) {
      report.error(column.site(), "defaultValue", Message.IDENTITY_WITH_DEFAULT, column.name());
      ok = false;
    }
    return ok;
  }
}
