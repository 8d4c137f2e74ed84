package dev.straddle.runtime.cli;

import dev.straddle.runtime.FluentConfiguration;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line: a command, {@code --name value} options and {@code --flag}s, each one of
 * the {@link CliOption}s.
 */
final class CliArguments {

  /** A command-line mistake: usage, exit code 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  final String command;
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final Map<String, String> env;

  CliArguments(String[] args, Map<String, String> env) {
    this.env = env;
    String found = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--")) {
        String name = arg.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        CliOption option = CliOption.named(name);
        if (option != null && option.kind == CliOption.Kind.FLAG && value == null) {
          flags.add(name);
        } else if (option != null && option.kind != CliOption.Kind.FLAG) {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException("--" + name + " needs a value");
            }
            value = args[++i];
          }
          values.put(name, value);
        } else {
          throw new UsageException("unknown option " + arg);
        }
      } else if (found == null) {
        found = arg;
      } else {
        throw new UsageException("unexpected argument " + arg);
      }
    }
    this.command = found;
  }

  /**
   * Sets every configuration option given (on the command line or in its environment variable) on
   * {@code builder}, in the order of {@link CliOption}.
   */
  void configure(FluentConfiguration builder) {
    for (CliOption option : CliOption.values()) {
      if (option.kind != CliOption.Kind.FLAG && value(option.name) != null) {
        option.configure(builder, this);
      }
    }
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  /** Whether {@code --name} was given on the command line (its environment variable aside). */
  boolean given(String name) {
    return flags.contains(name) || values.containsKey(name);
  }

  /** The option, else the environment variable {@code STRADDLE_<NAME>}, else null. */
  String value(String name) {
    String value = values.get(name);
    if (value == null) {
      value = env.get("STRADDLE_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
    return value == null || value.isEmpty() ? null : value;
  }

  /**
   * A duration option: above zero, except {@code batch-pause} and {@code max-replica-lag}, where
   * zero means none. Zero is no valid timeout or wait ({@code lock_timeout = 0} even means none in
   * PostgreSQL).
   */
  Duration duration(String name) {
    String value = value(name);
    if (value == null) {
      return null;
    }
    Duration duration;
    try {
      if (value.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      } else if (value.endsWith("s")) {
        duration = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      } else if (value.endsWith("m")) {
        duration = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      } else {
        duration = Duration.ofMillis(Long.parseLong(value));
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UsageException(
          "--" + name + ": '" + value + "' is not a duration (e.g. 500ms, 2s, 5m)");
    }
    boolean zeroAllowed = CliOption.named(name).zeroAllowed();
    if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
      throw new UsageException(
          "--"
              + name
              + ": '"
              + value
              + "' must be "
              + (zeroAllowed ? "zero or more" : "above zero")
              + " (e.g. 500ms, 2s, 5m)");
    }
    return duration;
  }

  Integer integer(String name) {
    String value = value(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + ": '" + value + "' is not a number");
    }
  }
}
