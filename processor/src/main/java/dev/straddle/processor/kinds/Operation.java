package dev.straddle.processor.kinds;

import dev.straddle.processor.kinds.OperationKind.CheckedAgainst;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.OperationChecks;

/**
 * An operation as read: its declaration bound to the kind that read it, so every later step calls
 * the kind with the declaration's own type (no cast, no lookup that could miss).
 */
public record Operation<D extends OperationDecl>(OperationKind<D> kind, D decl) {

  /** Reads one annotation of {@code kind}. */
  public static <D extends OperationDecl> Operation<D> read(OperationKind<D> kind, Mirrors values) {
    return new Operation<>(kind, kind.read(values));
  }

  public Site site() {
    return decl.site();
  }

  /** The annotation's simple name, e.g. {@code AddColumn}. */
  public String name() {
    return decl.kind();
  }

  /** The text the migration's checksum covers. */
  public String canonical() {
    return decl.canonical();
  }

  public CheckedAgainst checkedAgainst() {
    return kind.checkedAgainst();
  }

  public boolean check(OperationChecks checks) {
    return kind.check(decl, checks);
  }

  public boolean checkReads(ExpressionReads reads) {
    return kind.checkReads(decl, reads);
  }

  /** What the operation works on, as {@code model} knows it now. */
  public Replayed<D> resolve(SchemaModel model) {
    return new Replayed<>(this, kind.resolve(decl, model));
  }
}
