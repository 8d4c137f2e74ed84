package dev.straddle.processor.reading;

/**
 * The values of one operation annotation of a migration class. Each operation kind has its record
 * and its {@link dev.straddle.processor.kinds.OperationKind}, which reads, checks, replays and
 * generates it; {@link dev.straddle.processor.kinds.Operation} binds the two.
 */
public interface OperationDecl {

  Site site();

  /**
   * The table the operation changes, as declared; empty for an operation that is not on one table
   * (an enum type's: {@code CreateEnumDecl}, {@code AddEnumValueDecl}, ...; {@code DropProcedure}).
   * Such a kind's {@code resolve} returns a {@code ResolvedOperation} with a null table, and never
   * calls the checks that look the table up ({@code OperationChecks.known}, {@code claim}).
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
