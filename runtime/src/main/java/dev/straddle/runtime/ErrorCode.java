package dev.straddle.runtime;

import dev.straddle.runtime.StraddleException.Kind;
import java.util.List;

/**
 * Every error the runtime reports, with its stable id: the catalogue behind {@link
 * StraddleException} and {@link Problem}. Ids never change once released (users and scripts grep
 * for them); texts may improve. Each code has one {@link StraddleException.Kind}, and with it one
 * exit code of the command line. Arguments are formatted with {@link String#format};
 * docs/RUNTIME.md ("Error ids") says what to do about each.
 */
public enum ErrorCode {
  // Refused: nothing was changed.

  /** The history does not match this build: changed, missing or out-of-order migrations. */
  HISTORY_MISMATCH(Kind.REFUSED, "StraddleHistoryMismatch", "refusing to change anything:%s"),
  /** A migration applied earlier was changed after it was applied (its checksum differs). */
  CHECKSUM_MISMATCH(Kind.REFUSED, "StraddleChecksumMismatch", "%s"),
  /** An applied procedure version was changed after it was applied. */
  PROCEDURE_CHANGED(Kind.REFUSED, "StraddleProcedureChanged", "%s"),
  /** The history holds a migration this build does not declare (missing, or a newer build's). */
  UNKNOWN_MIGRATION(Kind.REFUSED, "StraddleUnknownMigration", "%s"),
  /** A pending migration's id is below one already applied. */
  OUT_OF_ORDER(Kind.REFUSED, "StraddleOutOfOrder", "%s"),
  /** The live schema is not what the migration declares. */
  DRIFT(
      Kind.REFUSED,
      "StraddleDrift",
      "the live schema is not what the migration declares, so nothing of it was applied:%s"),
  /** The preflight found what the migration cannot run on (see docs/RUNTIME.md, "Preflight"). */
  PREFLIGHT(Kind.REFUSED, "StraddlePreflight", "refused before changing anything:%s"),
  /** The contract guard: a live registered instance still needs the migration. */
  CONTRACT_NEEDED(Kind.REFUSED, "StraddleContractNeeded", "%s"),
  /** Contract without registered instances and without {@code --previous-release-gone}. */
  CONTRACT_UNGUARDED(
      Kind.REFUSED,
      "StraddleContractUnguarded",
      "contract drops what the previous release still uses, and no application has registered in"
          + " %s to say which releases still run. Register the applications"
          + " (Straddle.start(), or Straddle.instanceRegistry().register(): see InstanceRegistry),"
          + " or state that no instance of the previous release is left: --previous-release-gone"
          + " (API: ContractPolicy.PREVIOUS_RELEASE_GONE)"),
  /** Rollback: the migration is contracted, so what old code used is gone; it cannot be undone. */
  ROLLBACK_CONTRACTED(Kind.REFUSED, "StraddleRollbackContracted", "%s"),
  /** Rollback: a live registered instance has a head at or above the migration (it needs it). */
  ROLLBACK_NEEDED(Kind.REFUSED, "StraddleRollbackNeeded", "%s"),
  /**
   * Rollback: this build cannot undo the migration (its plan has no rollback for it, it does not
   * declare it, or it declares it otherwise than it was applied).
   */
  ROLLBACK_UNSUPPORTED(Kind.REFUSED, "StraddleRollbackUnsupported", "%s"),
  /** Another runner holds the run lock. */
  RUN_LOCK_BUSY(
      Kind.REFUSED,
      "StraddleRunLockBusy",
      "another Straddle runner holds the run lock of history schema '%s' (advisory lock %d, %d);"
          + " waited %d ms. Nothing was changed; run again when it has finished."),
  /** The thread was interrupted while waiting, before it changed anything further. */
  INTERRUPTED(Kind.REFUSED, "StraddleInterrupted", "interrupted while waiting %s"),
  /** The startup guard: this build is outside its compatibility window. */
  OUTSIDE_WINDOW(
      Kind.REFUSED,
      "StraddleOutsideWindow",
      "refusing to start: this build (head %d) is outside its compatibility window in this"
          + " database:%s"),
  /** The writer check: the sync triggers would not read the application's head right. */
  WRITER_HEAD(
      Kind.REFUSED,
      "StraddleWriterHead",
      "refusing to write: the sync triggers would not read this application's head (%d) right on"
          + " these connections:%s"),

  // Failed while applying: the failed transaction was rolled back, the history is truthful.

  /** A statement failed (not for a lock); its transaction was rolled back. */
  STATEMENT_FAILED(Kind.FAILED, "StraddleStatementFailed", "failed (SQLSTATE %s): %s%s"),
  /** The retry budget ran out while a long transaction held a conflicting lock. */
  LOCK_TIMEOUT(
      Kind.FAILED,
      "StraddleLockTimeout",
      "could not get its locks within the lock timeout (%d ms) in %d attempts over %d ms (retry"
          + " budget %d ms): a long transaction holds a conflicting lock. The transaction was"
          + " rolled back: the database is unchanged and the history truthful; run again later"),
  /** The connection holding the run lock was lost. */
  RUN_LOCK_LOST(
      Kind.FAILED,
      "StraddleRunLockLost",
      "the run lock's connection was lost (SQLSTATE %s: %s). The run lock is a session-level"
          + " advisory lock of that connection, which also made every change, so the runner"
          + " stopped: nothing was changed after the loss (the open transaction, if any, ended with"
          + " the session) and the history records exactly what committed; another runner may hold"
          + " the lock now. Run the command again: it takes the lock anew, re-reads the history and"
          + " resumes where this run stopped (a backfill from its last checkpoint)"),
  /** An expand statement rewrote a table. */
  TABLE_REWRITE(
      Kind.FAILED,
      "StraddleTableRewrite",
      "this statement rewrote table %s (its relfilenode changed from %d to %d): a rewrite holds"
          + " ACCESS EXCLUSIVE while it writes every row and stamps them all as written by the"
          + " expand, so the backfill would skip them. Expand changes only the catalog; a volatile"
          + " default must be set apart from ADD COLUMN (ALTER COLUMN ... SET DEFAULT) and existing"
          + " rows filled by the backfill. The transaction was rolled back: nothing of the"
          + " migration was applied"),
  /** A sync fragment cannot run against the live table. */
  UNRUNNABLE_FRAGMENT(
      Kind.FAILED,
      "StraddleUnrunnableFragment",
      "the sync fragment %s of %s cannot run against the live table %s, so the sync trigger would"
          + " fail every write that runs it: %s. %s"),
  /** A table to backfill has no primary key. */
  NO_PRIMARY_KEY(
      Kind.FAILED,
      "StraddleNoPrimaryKey",
      "table %s has no primary key; the backfill walks the primary key in batches. Add a primary"
          + " key (or backfill this table by hand and mark the migration backfilled)"),
  /** A concurrent index build failed; its INVALID leftover was dropped. */
  INDEX_BUILD_FAILED(
      Kind.FAILED,
      "StraddleIndexBuildFailed",
      "%s; the INVALID index the failed build left was dropped: fix the cause and run again"),
  /** The thread was interrupted between backfill batches. */
  BACKFILL_INTERRUPTED(
      Kind.FAILED,
      "StraddleBackfillInterrupted",
      "interrupted during the pause between backfill batches; every batch so far is committed and"
          + " checkpointed, the next run resumes after the last one"),
  /** The database could not be read or written outside a migration's statements. */
  DATABASE_ERROR(Kind.FAILED, "StraddleDatabaseError", "%s: %s");

  private final Kind kind;
  private final String id;
  private final String template;

  ErrorCode(Kind kind, String id, String template) {
    this.kind = kind;
    this.id = id;
    this.template = template;
  }

  /** The stable id, such as {@code StraddleRunLockBusy}. */
  public String id() {
    return id;
  }

  /** Whether the command refused before changing anything or failed while applying. */
  public Kind kind() {
    return kind;
  }

  /** The command line's exit code for this error. */
  public int exitCode() {
    return kind.exitCode();
  }

  /** The text, without the id. */
  public String text(Object... args) {
    return String.format(template, args);
  }

  /** {@code [Id] text}. */
  public String format(Object... args) {
    return "[" + id + "] " + text(args);
  }

  /** {@code lines} as an indented list, each on its own line: {@code \n - a\n - b}. */
  public static String list(List<?> lines) {
    StringBuilder out = new StringBuilder();
    lines.forEach(line -> out.append("\n  - ").append(line));
    return out.toString();
  }
}
