package dev.straddle.processor.model;

import java.util.List;

/**
 * A constraint as the schema model knows it (docs/ARCHITECTURE.md, "Constraints"): those the
 * migrations add, and those of a baseline table that a migration renames (their kind unknown).
 *
 * @param columns the constrained columns (for a check, the ones its condition reads)
 * @param references the referenced table of a foreign key, else empty
 * @param referencedColumns the referenced columns of a foreign key, else empty
 * @param createdBy the migration that added it, 0 when it predates the migrations
 */
public record ConstraintModel(
    String name,
    Kind kind,
    List<String> columns,
    String references,
    List<String> referencedColumns,
    int createdBy) {

  /** What a constraint is. */
  public enum Kind {
    CHECK("check"),
    FOREIGN_KEY("foreign key"),
    UNIQUE("unique constraint"),
    /** A baseline constraint the model only knows by name. */
    UNKNOWN("constraint");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    /** For messages, e.g. {@code foreign key}. */
    public String text() {
      return text;
    }
  }

  public ConstraintModel {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }

  public ConstraintModel renamed(String to) {
    return new ConstraintModel(to, kind, columns, references, referencedColumns, createdBy);
  }

  /** Where it comes from, for messages. */
  public String origin() {
    return createdBy == 0 ? "declared before the migrations" : "added by migration " + createdBy;
  }
}
