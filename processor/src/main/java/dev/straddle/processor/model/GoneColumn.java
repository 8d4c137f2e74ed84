package dev.straddle.processor.model;

/**
 * A column an earlier migration removed from the new shape of its table; also a table name an
 * earlier migration renamed or dropped ({@link SchemaModel#goneTable}).
 *
 * @param renamedTo the new name, or null when it was dropped
 */
public record GoneColumn(String name, int migrationId, String renamedTo) {

  /** "renamed to "x" by migration 7" or "dropped by migration 7". */
  public String describe() {
    return (renamedTo == null ? "dropped" : "renamed to \"" + renamedTo + "\"")
        + " by migration "
        + migrationId;
  }
}
