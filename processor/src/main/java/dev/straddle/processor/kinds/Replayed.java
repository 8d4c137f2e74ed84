package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.MigrationPieces;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;

/** A valid operation and what the schema model knew when its migration ran. */
public record Replayed<D extends dev.straddle.processor.reading.OperationDecl>(
    Operation<D> operation, ResolvedOperation resolved) {

  /** Replays it into {@code model}. */
  public void apply(int migrationId, SchemaModel model) {
    operation.kind().apply(operation.decl(), resolved, migrationId, model);
  }

  /** Tells its migration what the other operations depend on ({@code OperationSql.declare}). */
  public void declare(MigrationPieces out) {
    operation.kind().sql().declare(operation.decl(), resolved, out);
  }

  /** Adds its statements, fragments and expectations to its migration's. */
  public void contribute(MigrationPieces out) {
    operation.kind().sql().contribute(operation.decl(), resolved, out);
  }
}
