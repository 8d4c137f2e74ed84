package dev.straddle.processor.reading;

import java.util.Set;

/**
 * The values of one operation annotation of a migration class. Each operation kind has its record
 * and its {@link dev.straddle.processor.kinds.OperationKind}, which reads, checks, replays and
 * generates it; {@link dev.straddle.processor.kinds.Operation} binds the two.
 */
public interface OperationDecl {

  Site site();

  /**
   * The table the operation changes, as declared; empty for an operation that is not on one table
   * ({@code @RawSql}, which names its tables in {@link #tables()}; an enum type's: {@code
   * CreateEnumDecl}, {@code AddEnumValueDecl}, ...; {@code DropProcedure}). Such a kind's {@link
   * dev.straddle.processor.kinds.OperationKind#resolve} gives a {@link
   * dev.straddle.processor.model.ResolvedOperation} whose table is null, and never calls the checks
   * that look the table up ({@code OperationChecks.known}, {@code claim}).
   */
  String table();

  /**
   * Every table the operation names (its own, a referenced one, both names of a rename): what a
   * migration that renames or drops one of them may not also hold ({@link #exclusive()}).
   */
  default Set<String> tables() {
    return table().isEmpty() ? Set.of() : Set.of(table());
  }

  /**
   * What the operation does to its tables when it must have them to itself in its migration ({@code
   * renames}, {@code drops}: no other operation of the migration may name them,
   * docs/ARCHITECTURE.md, "Tables"); empty for every other operation.
   */
  default String exclusive() {
    return "";
  }

  /** The attribute that names {@code table} (one of {@link #tables()}), for errors. */
  default String attributeOf(String table) {
    return "table";
  }

  /** The annotation's simple name, e.g. {@code AddColumn}. */
  String kind();

  /**
   * The attribute values in a fixed order, as {@code name=value} pairs: the canonical text the
   * checksum covers.
   */
  String canonical();
}
