package dev.straddle.runtime;

/**
 * Why a Straddle command stopped. {@link #kind()} says whether the runner refused before changing
 * anything or failed while applying; {@link #migrationId()}, {@link #phase()} and {@link
 * #statement()} name what it was doing, when that applies.
 */
public final class StraddleException extends RuntimeException {

  /** The two ways a command can stop. */
  public enum Kind {
    /**
     * Refused before changing anything: checksum mismatch, drift, unknown migration, lock not
     * obtained, unsafe request.
     */
    REFUSED,
    /** A statement failed while applying; the database and its history are left consistent. */
    FAILED
  }

  private final Kind kind;
  private final Integer migrationId;
  private final String phase;
  private final String statement;

  public StraddleException(
      Kind kind,
      String message,
      Integer migrationId,
      String phase,
      String statement,
      Throwable cause) {
    super(describe(message, migrationId, phase, statement), cause);
    this.kind = kind;
    this.migrationId = migrationId;
    this.phase = phase;
    this.statement = statement;
  }

  public static StraddleException refused(String message) {
    return new StraddleException(Kind.REFUSED, message, null, null, null, null);
  }

  public static StraddleException refused(String message, int migrationId, String phase) {
    return new StraddleException(Kind.REFUSED, message, migrationId, phase, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The migration being applied, or {@code null}. */
  public Integer migrationId() {
    return migrationId;
  }

  /** {@code expand}, {@code backfill}, {@code contract}, or {@code null}. */
  public String phase() {
    return phase;
  }

  /** The SQL statement that failed, or {@code null}. */
  public String statement() {
    return statement;
  }

  private static String describe(
      String message, Integer migrationId, String phase, String statement) {
    StringBuilder text = new StringBuilder();
    if (migrationId != null) {
      text.append("migration ").append(migrationId);
      if (phase != null) {
        text.append(", ").append(phase);
      }
      text.append(": ");
    }
    text.append(message);
    if (statement != null) {
      text.append("\n  statement: ").append(statement.replace("\n", "\n    "));
    }
    return text.toString();
  }
}
