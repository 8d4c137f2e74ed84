package dev.straddle.processor.model;

import dev.straddle.processor.reading.MigrationDecl;
import java.util.List;

/** A validated migration and its resolved operations, in declaration order. */
public record MigrationModel(MigrationDecl decl, List<ResolvedOperation> operations) {

  public MigrationModel {
    operations = List.copyOf(operations);
  }

  public int id() {
    return decl.id();
  }
}
