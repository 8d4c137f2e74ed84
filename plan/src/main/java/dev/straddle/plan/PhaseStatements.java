package dev.straddle.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of one phase of one migration, written once (docs/ARCHITECTURE.md, "Planner"): the
 * statements PostgreSQL refuses inside a transaction block, each on its own in autocommit, then one
 * transaction under {@code lock_timeout} with the rest, then the statements that must follow the
 * transaction, each on its own in autocommit (a contract's {@code VALIDATE CONSTRAINT} of what the
 * transaction re-created). The runtime's {@code PhaseExecutor.run} executes it and {@link #render}
 * prints it (so does the processor's {@code SqlFiles}), so {@code plan} shows the order {@code
 * migrate} runs.
 *
 * @param outside the statements run on their own, in order, before the transaction
 * @param inside the declared statements of the transaction, in order
 * @param after the statements run on their own, in order, after the transaction committed
 */
public record PhaseStatements(List<String> outside, List<String> inside, List<String> after) {

  public PhaseStatements {
    outside = List.copyOf(outside);
    inside = List.copyOf(inside);
    after = List.copyOf(after);
  }

  /** A phase with nothing after its transaction. */
  public PhaseStatements(List<String> outside, List<String> inside) {
    this(outside, inside, List.of());
  }

  /** Splits a declared phase into its three parts, keeping the declared order within each. */
  public static PhaseStatements of(List<SqlStatement> statements) {
    List<String> outside = new ArrayList<>();
    List<String> inside = new ArrayList<>();
    List<String> after = new ArrayList<>();
    for (SqlStatement s : statements) {
      (s.transactional() ? inside : s.afterTransaction() ? after : outside).add(s.sql());
    }
    return new PhaseStatements(outside, inside, after);
  }

  /** The value {@code SET LOCAL lock_timeout} takes (and the executor's {@code set_config}). */
  public static String lockTimeout(Duration lockTimeout) {
    return lockTimeout.toMillis() + "ms";
  }

  /**
   * The phase as a script: the statements outside a transaction, {@code BEGIN}, the lock timeout,
   * {@code before}, the transaction's statements, {@code after}, {@code COMMIT}, then the
   * statements after the transaction. {@code before} and {@code after} are what the phase adds in
   * the same transaction (the runtime's {@code PhaseExecutor.PhaseWork}): lines of statements
   * ending in {@code ;} or of {@code --} comments.
   */
  public String render(Duration lockTimeout, String before, String after) {
    StringBuilder out = new StringBuilder();
    for (String sql : outside) {
      out.append("-- outside a transaction:\n").append(sql).append(";\n");
    }
    StringBuilder body = new StringBuilder(before);
    for (String sql : inside) {
      body.append(sql).append(";\n");
    }
    out.append(transaction(lockTimeout, body.append(after).toString()));
    for (String sql : this.after) {
      out.append("-- outside a transaction, after it:\n").append(sql).append(";\n");
    }
    return out.toString();
  }

  /**
   * One transaction of the runner as a script ({@code PhaseExecutor.inTransaction}): {@code BEGIN},
   * the lock timeout, {@code body} (lines ending in {@code ;} or {@code --} comments), {@code
   * COMMIT}.
   */
  public static String transaction(Duration lockTimeout, String body) {
    return "BEGIN;\nSET LOCAL lock_timeout = '"
        + lockTimeout(lockTimeout)
        + "';\n"
        + body
        + "COMMIT;\n";
  }
}
