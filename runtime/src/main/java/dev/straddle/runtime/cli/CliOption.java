package dev.straddle.runtime.cli;

import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_BACKFILL_WORKERS;
import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_BATCH_PAUSE;
import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_BATCH_TARGET;
import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_HISTORY_SCHEMA;
import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_LOCK_TIMEOUT;
import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_MAX_BATCH;
import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_MAX_REPLICA_LAG;
import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_MIN_BATCH;
import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_RETRY_BUDGET;
import static dev.straddle.runtime.StraddleConfiguration.DEFAULT_RUN_LOCK_WAIT;

import dev.straddle.runtime.FluentConfiguration;
import dev.straddle.runtime.StraddleConfiguration;
import java.time.Duration;

/**
 * Every option of the command line, once: its name, whether it takes a value, its usage line and,
 * for the options of the {@link StraddleConfiguration}, the builder setter it maps to (so the
 * defaults in the usage are the configuration's). Options a command reads for itself (flags such as
 * {@code --force}) are declared by that command in {@link CliCommand}.
 */
enum CliOption {
  URL("url", Kind.TEXT, "--url jdbc:postgresql://host/db", "[STRADDLE_URL]       required"),
  USER("user", Kind.TEXT, "--user u", "[STRADDLE_USER]"),
  PASSWORD("password", Kind.TEXT, "--password p", "[STRADDLE_PASSWORD]"),
  SCHEMA(
      "schema",
      Kind.TEXT,
      "--schema s     history schema",
      "[STRADDLE_SCHEMA]    default " + DEFAULT_HISTORY_SCHEMA) {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.historySchema(arguments.value(name));
    }
  },
  LOCK_TIMEOUT(
      "lock-timeout",
      Kind.DURATION,
      "--lock-timeout " + CliOption.duration(DEFAULT_LOCK_TIMEOUT),
      "lock_timeout of each DDL transaction and batch") {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.lockTimeout(arguments.duration(name));
    }
  },
  RETRY_BUDGET(
      "retry-budget",
      Kind.DURATION,
      "--retry-budget " + CliOption.duration(DEFAULT_RETRY_BUDGET),
      "total wait on lock-timeout retries per phase") {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.retryBudget(arguments.duration(name));
    }
  },
  LOCK_WAIT(
      "lock-wait",
      Kind.DURATION,
      "--lock-wait " + CliOption.duration(DEFAULT_RUN_LOCK_WAIT),
      "wait for another runner's run lock") {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.runLockWait(arguments.duration(name));
    }
  },
  BATCH_TARGET(
      "batch-target",
      Kind.DURATION,
      "--batch-target (adaptive)",
      "backfill batch duration target; by default it adapts\n(1ms..10ms) to the application's"
          + " waits; set,\nit is fixed (and --batch-pause defaults to "
          + CliOption.duration(DEFAULT_BATCH_PAUSE)
          + ")") {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.batchTarget(arguments.duration(name));
    }
  },
  BATCH_MIN(
      "batch-min",
      Kind.INTEGER,
      "--batch-min " + DEFAULT_MIN_BATCH + " --batch-max " + DEFAULT_MAX_BATCH,
      "backfill batch size bounds (rows)") {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.minBatch(arguments.integer(name));
    }
  },
  /** Shown on the line of {@link #BATCH_MIN}. */
  BATCH_MAX("batch-max", Kind.INTEGER, null, null) {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.maxBatch(arguments.integer(name));
    }
  },
  BATCH_PAUSE(
      "batch-pause",
      Kind.DURATION,
      "--batch-pause (adaptive)",
      "pause after each backfill batch (throttle); by default\n4 times as long as a batch the"
          + " application waited for;\nset, it is fixed (and --batch-target defaults to "
          + CliOption.duration(DEFAULT_BATCH_TARGET)
          + ")") {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.batchPause(arguments.duration(name));
    }

    @Override
    boolean zeroAllowed() {
      return true;
    }
  },
  BACKFILL_WORKERS(
      "backfill-workers",
      Kind.INTEGER,
      "--backfill-workers " + DEFAULT_BACKFILL_WORKERS,
      "partitions of a partitioned table backfilled at\nonce, each on a connection of its own") {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.backfillWorkers(arguments.integer(name));
    }
  },
  MAX_REPLICA_LAG(
      "max-replica-lag",
      Kind.DURATION,
      "--max-replica-lag " + CliOption.duration(DEFAULT_MAX_REPLICA_LAG),
      "the backfill waits between batches while a streaming\nstandby replays further behind; 0: no"
          + " bound") {
    @Override
    void configure(FluentConfiguration builder, CliArguments arguments) {
      builder.maxReplicaLag(arguments.duration(name));
    }

    @Override
    boolean zeroAllowed() {
      return true;
    }
  },
  NO_BACKFILL("no-backfill", Kind.FLAG, "--no-backfill", "expand only"),
  PREVIOUS_RELEASE_GONE(
      "previous-release-gone",
      Kind.FLAG,
      "--previous-release-gone",
      "contract: no instance of the previous release is\n"
          + "left; migrate: none of a release older than\n"
          + "the one this deploy replaces"),
  FORCE(
      "force",
      Kind.FLAG,
      "--force",
      "contract or roll back even though live\ninstances need it (recorded in the history)"),
  MATRIX("matrix", Kind.FLAG, "--matrix", "status: print the compatibility matrix"),
  UP_TO("up-to", Kind.INTEGER, "--up-to N", "contract only migrations <= N (1..head)"),
  TO(
      "to",
      Kind.INTEGER,
      "--to N",
      "rollback: undo every migration above N (0 and\nabove; default head-1: the head migration)"),
  ROLLBACK("rollback", Kind.FLAG, "--rollback", "plan: the SQL 'rollback' would run instead"),
  FROM_SCHEMA(
      "from-schema",
      Kind.TEXT,
      "--from-schema s[,s...]",
      "baseline: the schemas to read (default public)"),
  /** Prints the usage; not listed in it. */
  HELP("help", Kind.FLAG, null, null);

  /** How an option is written. */
  enum Kind {
    /** {@code --name} alone. */
    FLAG,
    /** {@code --name value} or {@code --name=value}. */
    TEXT,
    DURATION,
    INTEGER
  }

  /** Where the descriptions of the usage's option lines start. */
  private static final int DESCRIPTION_COLUMN = 33;

  final String name;
  final Kind kind;
  private final String syntax;
  private final String description;

  CliOption(String name, Kind kind, String syntax, String description) {
    this.name = name;
    this.kind = kind;
    this.syntax = syntax;
    this.description = description;
  }

  /**
   * Sets this option's value, given on the command line or in its environment variable, on {@code
   * builder}; options that are no configuration option do nothing.
   */
  void configure(FluentConfiguration builder, CliArguments arguments) {}

  /** Durations: whether zero is valid (otherwise a duration must be above zero). */
  boolean zeroAllowed() {
    return false;
  }

  /** The option called {@code name}, or null. */
  static CliOption named(String name) {
    for (CliOption option : values()) {
      if (option.name.equals(name)) {
        return option;
      }
    }
    return null;
  }

  /** Its usage line(s), or the empty string for an option shown with another or not at all. */
  String usage() {
    if (syntax == null) {
      return "";
    }
    int column = Math.max(DESCRIPTION_COLUMN, syntax.length() + 2);
    String indent = "  " + " ".repeat(column);
    StringBuilder out = new StringBuilder("  ").append(syntax);
    out.append(" ".repeat(column - syntax.length()));
    out.append(description.replace("\n", "\n" + indent)).append('\n');
    return out.toString();
  }

  /** A duration as the command line writes it: {@code 500ms}, {@code 2s}, {@code 5m}. */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis != 0 && millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
