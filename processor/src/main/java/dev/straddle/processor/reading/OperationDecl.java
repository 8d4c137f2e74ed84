package dev.straddle.processor.reading;

/**
 * The values of one operation annotation of a migration class. Each operation kind has its record
 * and its {@link dev.straddle.processor.kinds.OperationKind}, which reads, checks, replays and
 * generates it; {@link dev.straddle.processor.kinds.Operation} binds the two.
 */
public interface OperationDecl {

  Site site();

  /**
   * The table the operation changes, as declared; empty for an operation on no table ({@code
   * DropProcedure}), whose kind then resolves to a {@link
   * dev.straddle.processor.model.ResolvedOperation} with a null table.
   */
  String table();

  /** The annotation's simple name, e.g. {@code AddColumn}. */
  String kind();

  /**
   * The attribute values in a fixed order, as {@code name=value} pairs: the canonical text the
   * checksum covers.
   */
  String canonical();
}
