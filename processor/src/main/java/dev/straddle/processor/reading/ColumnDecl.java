package dev.straddle.processor.reading;

/**
 * One {@code @Column} of a {@code @CreateTable} or an {@code @ExistingTable}.
 *
 * @param identity the {@code Column.Identity} constant's name: {@code NONE}, {@code ALWAYS} or
 *     {@code BY_DEFAULT}
 */
public record ColumnDecl(
    Site site,
    String name,
    String type,
    boolean notNull,
    String defaultValue,
    boolean primaryKey,
    String identity) {

  public boolean isIdentity() {
    return !identity.isEmpty() && !identity.equals("NONE");
  }

  /** {@code ALWAYS} or {@code BY DEFAULT} for an identity column, else empty. */
  public String generated() {
    return isIdentity() ? identity.replace('_', ' ') : "";
  }
}
