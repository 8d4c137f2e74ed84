package dev.straddle.processor.model;

import dev.straddle.processor.kinds.Replayed;
import dev.straddle.processor.reading.MigrationDecl;
import java.util.List;

/**
 * A validated migration and its resolved operations and procedure versions, in declaration order.
 */
public record MigrationModel(
    MigrationDecl decl, List<Replayed<?>> operations, List<ProcedureModel> procedures) {

  public MigrationModel {
    operations = List.copyOf(operations);
    procedures = List.copyOf(procedures);
  }

  /** A migration without procedures. */
  public MigrationModel(MigrationDecl decl, List<Replayed<?>> operations) {
    this(decl, operations, List.of());
  }

  public int id() {
    return decl.id();
  }
}
