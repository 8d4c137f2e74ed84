package dev.straddle.processor.kinds;

import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;

/**
 * Everything the processor does with one kind of table operation, in one place: its annotation,
 * reading it, checking it, replaying it into the schema model and generating its SQL. Every method
 * is abstract, so a kind that forgets a piece does not compile; the registry ({@link
 * OperationKinds#ALL}) is the only list of kinds, and reading, checking, replay and generation all
 * dispatch through it (docs/ARCHITECTURE.md, "The processor").
 *
 * @param <D> the kind's declaration, the annotation's values
 */
public interface OperationKind<D extends OperationDecl> {

  /**
   * When an operation is checked and replayed, relative to the other operations of its migration.
   */
  enum CheckedAgainst {
    /**
     * Against the schema as the earlier migrations left it (the migration's operations are in
     * flight together), then replayed together with the migration's other such operations.
     */
    EARLIER_MIGRATIONS,
    /**
     * Against the schema as the migration leaves it, after its other operations were replayed: an
     * index, built at the end of the migration's backfill, may use the columns it adds or renames.
     */
    THIS_MIGRATION
  }

  /** The annotation's simple name in {@code dev.straddle.dsl}, e.g. {@code AddColumn}. */
  String annotation();

  /** The declaration, from the annotation's values (defaults included). */
  D read(Mirrors values);

  CheckedAgainst checkedAgainst();

  /**
   * Checks the declaration against the schema model ({@link #checkedAgainst()} says as of when) and
   * reports every problem at the attribute at fault; true when it is valid (only valid operations
   * are replayed).
   */
  boolean check(D decl, OperationChecks checks);

  /**
   * Checks the columns the declaration's expressions read, against the schema as its migration
   * leaves it ({@link ExpressionReads#read}); true when none is known to be absent. A kind without
   * expressions returns true.
   */
  boolean checkReads(D decl, ExpressionReads reads);

  /** What the operation works on, as the model knows it now (before {@link #apply}). */
  ResolvedOperation resolve(D decl, SchemaModel model);

  /** Replays the operation's effect on the new shape of the schema. */
  void apply(D decl, ResolvedOperation resolved, int migrationId, SchemaModel model);

  /** Renders the operation into its migration's phases. */
  OperationSql<D> sql();
}
