package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The escape hatch: SQL statements Straddle runs at expand and at contract without understanding
 * them. The processor checks only that each is one complete statement and that the tables it names
 * in {@link #locks()} are known; everything else is the user's to answer for (README, "Limits"):
 * that the running release keeps working after expand and the new one after contract, and that
 * every statement can run again (the runner retries a transaction whole when a lock is not granted
 * in time, and reruns what a crash interrupted).
 *
 * <p>Transactional statements run in the phase's one transaction, under its {@code lock_timeout},
 * retried with it; statements PostgreSQL refuses in a transaction ({@code CREATE INDEX
 * CONCURRENTLY}, {@code ALTER TYPE ... ADD VALUE} before PostgreSQL 12, ...) go in the {@code
 * ...OutsideTransaction} attributes and run first, each on its own in autocommit, under the same
 * {@code lock_timeout} and retries. {@link #rollback} and {@link #rollbackOutsideTransaction} undo
 * the expand (docs/ARCHITECTURE.md, "Rollback").
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RawSql.List.class)
public @interface RawSql {
  /** Statements of the expand transaction, in order (one statement each). */
  String[] expand() default {};

  /** Statements run at expand before its transaction, each on its own in autocommit. */
  String[] expandOutsideTransaction() default {};

  /**
   * A data step at contract: statements run first in the contract transaction, before the DDL of
   * every operation of the migration, so the data and the DDL commit together.
   */
  String[] contractData() default {};

  /** Statements of the contract transaction, in order, after the data step. */
  String[] contract() default {};

  /** Statements run at contract before its transaction, each on its own in autocommit. */
  String[] contractOutsideTransaction() default {};

  /**
   * Statements of the rollback's transaction, in order, undoing what {@link #expand} and {@link
   * #expandOutsideTransaction} did while the migration is not contracted (docs/ARCHITECTURE.md,
   * "Rollback"). They must not drop what the old release uses, and should tolerate a partial expand
   * ({@code IF EXISTS}). A {@code @RawSql} with expand statements and neither this nor {@link
   * #rollbackOutsideTransaction} makes its migration one that cannot be rolled back: the runner
   * refuses its rollback, naming it. Not part of the migration's checksum, so a rollback can be
   * added to a migration already applied.
   */
  String[] rollback() default {};

  /**
   * Statements of the rollback run before its transaction, each on its own in autocommit (e.g.
   * {@code DROP INDEX CONCURRENTLY IF EXISTS}); they must be idempotent, since a rollback that
   * stopped is run again.
   */
  String[] rollbackOutsideTransaction() default {};

  /**
   * The tables the statements lock or change, known to the schema model ({@code @ExistingTable} or
   * created by a migration): each must exist before expand (drift check), a rewrite of one at
   * expand fails the expand, and no other operation of the migration may rename or drop one.
   */
  String[] locks() default {};

  /** Tables the statements lock that Straddle does not manage (only checked to exist). */
  String[] locksUnmanaged() default {};

  /** Holds repeated {@link RawSql} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    RawSql[] value();
  }
}
