package dev.straddle.processor.generation;

import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.OperationDecl;

/**
 * Renders one kind of operation into the phases of its migration (docs/ARCHITECTURE.md, "Operations
 * → phases"); its {@link dev.straddle.processor.kinds.OperationKind#sql} says which.
 */
public interface OperationSql<D extends OperationDecl> {

  /**
   * Tells the migration, before any operation contributes, what the other operations' statements
   * depend on (the columns a {@code @ChangeColumnType} swaps, which the guards of the others
   * allow). Most kinds tell nothing.
   */
  default void declare(D decl, ResolvedOperation op, MigrationPieces out) {}

  /** Adds what {@code decl} contributes, given what the model knew ({@code op}), to {@code out}. */
  void contribute(D decl, ResolvedOperation op, MigrationPieces out);
}
