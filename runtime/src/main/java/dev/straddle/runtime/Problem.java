package dev.straddle.runtime;

import java.util.Objects;

/**
 * One reason a command would refuse, as {@code status}, {@code verify} and the {@link StartupGuard}
 * report it.
 *
 * @param code what kind of problem, from the {@link ErrorCode} catalogue (its stable id)
 * @param text what is wrong and what to do, one or more sentences
 */
public record Problem(ErrorCode code, String text) {

  public Problem {
    Objects.requireNonNull(code);
    Objects.requireNonNull(text);
  }

  /** {@code [Id] text}. */
  @Override
  public String toString() {
    return "[" + code.id() + "] " + text;
  }
}
