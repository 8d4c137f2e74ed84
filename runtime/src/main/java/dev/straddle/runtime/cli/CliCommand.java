package dev.straddle.runtime.cli;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.RollbackPolicy;
import dev.straddle.runtime.Straddle;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * Every command of the command line, once: its name, its usage text, the options it reads besides
 * the configuration's ({@link CliOption}), and its handler. {@link StraddleCli} prints the usage
 * and dispatches from this table alone, so the two cannot drift apart; a handler can only read the
 * options its command declares ({@link Invocation#flag}).
 */
enum CliCommand {
  STATUS(
      "status",
      """
      where every migration stands, the live registered instances and which
      of their heads still need each migration (read-only); --matrix prints
      the compatibility matrix (migrations x live heads) instead""",
      List.of(CliOption.MATRIX),
      c -> StraddleCli.status(c.straddle.status(), c.flag(CliOption.MATRIX), c.out)),
  PLAN(
      "plan",
      """
      dry run: the SQL 'migrate' would run now, with the composed sync
      functions; with --rollback, the SQL 'rollback [--to N]' would run""",
      List.of(CliOption.PREVIOUS_RELEASE_GONE, CliOption.FORCE, CliOption.ROLLBACK, CliOption.TO),
      c -> {
        Integer to = c.rollbackTo();
        if (c.flag(CliOption.ROLLBACK)) {
          c.out.print(
              c.straddle.planRollback(
                  to == null ? c.straddle.defaultRollbackTo() : to,
                  RollbackPolicy.of(c.flag(CliOption.FORCE))));
        } else if (to != null) {
          throw new CliArguments.UsageException("--to is for plan --rollback");
        } else {
          c.out.print(c.straddle.plan(c.contractPolicy()));
        }
        return StraddleCli.OK;
      }),
  EXPAND(
      "expand",
      "expand every pending migration, then backfill (--no-backfill defers it)",
      List.of(CliOption.NO_BACKFILL),
      c ->
          c.result(
              c.straddle.expand(c.flag(CliOption.NO_BACKFILL) ? Backfill.DEFER : Backfill.RUN))),
  BACKFILL(
      "backfill",
      "run or resume the backfill of every expanded migration, in id order",
      List.of(),
      c -> c.result(c.straddle.backfill())),
  CONTRACT(
      "contract",
      """
      contract backfilled migrations up to --up-to (default: this build's head).
      Refused while a live registered instance with a lower head needs one
      (exit 3, naming them) unless --force. Without registered instances it
      requires --previous-release-gone""",
      List.of(CliOption.UP_TO, CliOption.PREVIOUS_RELEASE_GONE, CliOption.FORCE),
      c -> {
        Integer upTo = c.arguments.integer(c.option(CliOption.UP_TO));
        int head = c.plan.head();
        if (upTo != null && (upTo < 1 || upTo > head)) {
          throw new CliArguments.UsageException(
              "--up-to "
                  + upTo
                  + ": must be between 1 and this build's head, "
                  + head
                  + " (a build contracts only migrations it declares)");
        }
        return c.result(c.straddle.contractUpTo(upTo == null ? head : upTo, c.contractPolicy()));
      }),
  MIGRATE(
      "migrate",
      """
      the one command per deploy: contract what no live registered instance
      needs (with --previous-release-gone: everything backfilled, still
      guarded), never past the head of the release this build replaces,
      then expand and backfill everything pending""",
      List.of(CliOption.PREVIOUS_RELEASE_GONE, CliOption.FORCE),
      c -> c.result(c.straddle.migrate(c.contractPolicy()))),
  ROLLBACK(
      "rollback",
      """
      undo, highest first, every expanded or backfilled migration above
      --to (default: this build's head migration only): drops what its
      expand and backfill added, rebuilds the sync triggers, records it
      rolled back (it is pending again; a corrected declaration of it may
      expand). Refused (exit 3) for a contracted migration, one this build
      cannot undo, or while a live registered instance's head needs it
      unless --force""",
      List.of(CliOption.TO, CliOption.FORCE),
      c -> {
        Integer to = c.rollbackTo();
        return c.result(
            c.straddle.rollbackTo(
                to == null ? c.straddle.defaultRollbackTo() : to,
                RollbackPolicy.of(c.flag(CliOption.FORCE))));
      }),
  VERIFY(
      "verify",
      """
      checksums, unknown migrations, declared-vs-live schema drift and
      in-flight sync fragments that cannot run""",
      List.of(),
      c -> StraddleCli.verify(c.straddle.verify(), c.out)),
  BASELINE(
      "baseline",
      """
      print the tables, indexes and enum types of --from-schema (default
      public) as @ExistingTable/@ExistingIndex/@ExistingEnum Java source, to
      adopt Straddle on an existing schema (read-only; runs without a plan
      class too: java -cp <runtime and driver jars> %s baseline)"""
          .formatted(StraddleCli.class.getName()),
      List.of(CliOption.FROM_SCHEMA),
      c -> {
        c.out.print(c.straddle.baseline(c.schemas()));
        return StraddleCli.OK;
      });

  /** Where the descriptions of the usage's command lines start. */
  private static final int DESCRIPTION_COLUMN = 11;

  /**
   * Refuses, as a usage error, an option on the command line that belongs to other commands only
   * (e.g. {@code rollback --up-to 3}, meant as {@code --to 3}): ignored, it would run the command
   * with its defaults. Configuration options (connection, history schema, timeouts, batches) are no
   * command's own and go with every command.
   */
  void requireOwnOptions(CliArguments arguments) {
    for (CliCommand other : values()) {
      for (CliOption option : other.options) {
        if (!options.contains(option) && arguments.given(option.name)) {
          throw new CliArguments.UsageException(
              "--"
                  + option.name
                  + " is not an option of "
                  + name
                  + (options.isEmpty()
                      ? " (it has none of its own)"
                      : " (its own: "
                          + options.stream()
                              .map(o -> "--" + o.name)
                              .sorted()
                              .collect(java.util.stream.Collectors.joining(", "))
                          + ")"));
        }
      }
    }
  }

  final String name;
  private final String description;
  final Set<CliOption> options;
  private final Handler handler;

  CliCommand(String name, String description, List<CliOption> options, Handler handler) {
    this.name = name;
    this.description = description;
    this.options = Set.copyOf(options);
    this.handler = handler;
  }

  /** Runs the command; returns its exit code. */
  int run(Invocation invocation) {
    return handler.run(invocation);
  }

  /** The command called {@code name}, or null. */
  static CliCommand named(String name) {
    for (CliCommand command : values()) {
      if (command.name.equals(name)) {
        return command;
      }
    }
    return null;
  }

  /** Its usage line(s). */
  String usage() {
    String indent = "  " + " ".repeat(DESCRIPTION_COLUMN);
    return "  "
        + name
        + " ".repeat(DESCRIPTION_COLUMN - name.length())
        + description.replace("\n", "\n" + indent)
        + "\n";
  }

  /** A command's work: prints to the invocation's streams, returns the exit code. */
  interface Handler {
    int run(Invocation invocation);
  }

  /** One run of a command: what its handler may use. */
  static final class Invocation {
    final CliCommand command;
    final MigrationPlan plan;
    final CliArguments arguments;
    final Straddle straddle;
    final PrintStream out;
    final PrintStream err;

    Invocation(
        CliCommand command,
        MigrationPlan plan,
        CliArguments arguments,
        Straddle straddle,
        PrintStream out,
        PrintStream err) {
      this.command = command;
      this.plan = plan;
      this.arguments = arguments;
      this.straddle = straddle;
      this.out = out;
      this.err = err;
    }

    /** A flag of this command (declared in its table entry). */
    boolean flag(CliOption option) {
      return arguments.flag(option(option));
    }

    /** The name of an option of this command: an undeclared one is a programming error. */
    String option(CliOption option) {
      if (!command.options.contains(option)) {
        throw new IllegalStateException(
            "command " + command.name + " reads --" + option.name + " but does not declare it");
      }
      return option.name;
    }

    /**
     * How far this command may contract, from {@code --previous-release-gone} and {@code --force}.
     */
    ContractPolicy contractPolicy() {
      return ContractPolicy.of(flag(CliOption.PREVIOUS_RELEASE_GONE), flag(CliOption.FORCE));
    }

    /** {@code --to N} of this command ({@code 0} or above), or null when not given. */
    Integer rollbackTo() {
      Integer to = arguments.integer(option(CliOption.TO));
      if (to != null && to < 0) {
        throw new CliArguments.UsageException(
            "--to " + to + ": must be 0 or above (0 rolls back every migration in flight)");
      }
      return to;
    }

    /**
     * {@code --from-schema}: its comma-separated schema names, each once, {@code public} when not
     * given.
     */
    List<String> schemas() {
      String value = arguments.value(option(CliOption.FROM_SCHEMA));
      if (value == null) {
        return List.of("public");
      }
      java.util.Set<String> schemas = new java.util.LinkedHashSet<>();
      for (String schema : value.split(",", -1)) {
        if (schema.isBlank()) {
          throw new CliArguments.UsageException(
              "--from-schema " + value + ": an empty schema name (give s or s1,s2)");
        }
        schemas.add(schema.trim());
      }
      return List.copyOf(schemas);
    }

    /** Prints a changing command's result; its exit code. */
    int result(dev.straddle.runtime.RunResult result) {
      return StraddleCli.result(result, out, err);
    }
  }
}
