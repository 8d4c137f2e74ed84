package dev.straddle.processor.generation;

import dev.straddle.processor.model.ResolvedOperation;

/** Renders one kind of operation into the phases of its migration (ARCHITECTURE.md table). */
interface OperationSql {

  void contribute(ResolvedOperation op, MigrationPieces out);
}
