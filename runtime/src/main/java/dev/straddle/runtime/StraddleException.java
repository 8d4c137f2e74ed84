package dev.straddle.runtime;

/**
 * Why a Straddle command stopped. {@link #code()} is the stable id from the {@link ErrorCode}
 * catalogue (the message starts with it, {@code [StraddleRunLockBusy] ...}); {@link #kind()} says
 * whether the runner refused before changing anything or failed while applying; {@link
 * #migrationId()}, {@link #phase()} and {@link #statement()} name what it was doing, when that
 * applies.
 */
public final class StraddleException extends RuntimeException {

  /** The two ways a command can stop. */
  public enum Kind {
    /**
     * Refused before changing anything: checksum mismatch, drift, unknown migration, lock not
     * obtained, unsafe request. Exit code 3.
     */
    REFUSED(3),
    /**
     * A statement failed while applying; the database and its history are left consistent. Exit
     * code 1.
     */
    FAILED(1);

    private final int exitCode;

    Kind(int exitCode) {
      this.exitCode = exitCode;
    }

    /** The command line's exit code. */
    public int exitCode() {
      return exitCode;
    }
  }

  private final ErrorCode code;
  private final Integer migrationId;
  private final Transition phase;
  private final String statement;

  private StraddleException(
      ErrorCode code,
      String text,
      Integer migrationId,
      Transition phase,
      String statement,
      Throwable cause) {
    super(describe(code, text, migrationId, phase, statement), cause);
    this.code = code;
    this.migrationId = migrationId;
    this.phase = phase;
    this.statement = statement;
  }

  /** An error outside any migration. */
  public static StraddleException of(ErrorCode code, Object... args) {
    return new StraddleException(code, code.text(args), null, null, null, null);
  }

  /** An error outside any migration, caused by {@code cause}. */
  public static StraddleException causedBy(Throwable cause, ErrorCode code, Object... args) {
    return new StraddleException(code, code.text(args), null, null, null, cause);
  }

  /** An error in migration {@code migrationId}'s {@code phase}, not at a statement. */
  public static StraddleException in(
      int migrationId, Transition phase, ErrorCode code, Object... args) {
    return new StraddleException(code, code.text(args), migrationId, phase, null, null);
  }

  /**
   * An error at {@code statement} (or {@code null}) of migration {@code migrationId}'s {@code
   * phase}, caused by {@code cause} (or {@code null}). {@code migrationId} and {@code phase} are
   * {@code null} between migrations.
   */
  public static StraddleException at(
      Integer migrationId,
      Transition phase,
      String statement,
      Throwable cause,
      ErrorCode code,
      Object... args) {
    return new StraddleException(code, code.text(args), migrationId, phase, statement, cause);
  }

  /** The stable id of what went wrong. */
  public ErrorCode code() {
    return code;
  }

  public Kind kind() {
    return code.kind();
  }

  /** The command line's exit code for this error. */
  public int exitCode() {
    return code.exitCode();
  }

  /** The migration being applied, or {@code null}. */
  public Integer migrationId() {
    return migrationId;
  }

  /** The transition of {@link #migrationId()} under way, or {@code null}. */
  public Transition phase() {
    return phase;
  }

  /** The SQL statement that failed, or {@code null}. */
  public String statement() {
    return statement;
  }

  private static String describe(
      ErrorCode code, String text, Integer migrationId, Transition phase, String statement) {
    StringBuilder out = new StringBuilder("[").append(code.id()).append("] ");
    if (migrationId != null) {
      out.append("migration ").append(migrationId);
      if (phase != null) {
        out.append(", ").append(phase.text());
      }
      out.append(": ");
    }
    out.append(text);
    if (statement != null) {
      out.append("\n  statement: ").append(statement.replace("\n", "\n    "));
    }
    return out.toString();
  }
}
