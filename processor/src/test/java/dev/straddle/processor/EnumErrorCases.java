package dev.straddle.processor;

import dev.straddle.processor.validation.Message;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link ValidationErrorsTest}'s cases for the enum type kinds (docs/ARCHITECTURE.md, "Enum
 * types"), against a baseline enum {@code job_state} on {@code tasks.state}; each source marks the
 * line the error must point at with {@code // <-}.
 */
final class EnumErrorCases {

  private EnumErrorCases() {}

  private static final String TASKS =
      """
      @ExistingEnum(name = "job_state", values = {"queued", "running", "done", "cancelled"})
      @ExistingTable(name = "tasks", columns = {
          @Column(name = "id", type = "bigint", primaryKey = true),
          @Column(name = "state", type = "job_state", notNull = true)})
      class Tasks {}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        error(
            Message.UNKNOWN_ENUM,
            TASKS
                + """
                @Migration(id = 1, description = "paused")
                @AddEnumValue(
                    type = "job_stat", // <-
                    value = "paused")
                class Paused {}
                """,
            "enum type \"job_stat\" is neither declared with @ExistingEnum nor created by a"
                + " migration before migration 1 (did you mean \"job_state\"?)"),
        error(
            Message.UNKNOWN_TYPE,
            TASKS
                + """
                @Migration(id = 1, description = "previous state")
                @AddColumn(table = "tasks", column = "previous",
                    type = "job_stat") // <-
                class Previous {}
                """,
            "the type of \"previous\" is \"job_stat\", which is neither a type PostgreSQL has built"
                + " in nor an enum type known at migration 1 (did you mean \"job_state\"?)"),
        error(
            Message.INVALID_IDENTIFIER,
            """
            @Migration(id = 1, description = "moods")
            @CreateEnum(
                name = "Mood", // <-
                values = {"ok"})
            class Moods {}
            """,
            "enum type \"Mood\" is not a valid identifier"),
        error(
            Message.DUPLICATE_ENUM,
            TASKS
                + """
                @Migration(id = 1, description = "again")
                @CreateEnum(
                    name = "job_state", // <-
                    values = {"a", "b"})
                class Again {}
                """,
            "enum type \"job_state\" already exists (declared with @ExistingEnum)"),
        error(
            Message.ENUM_LABEL,
            TASKS
                + """
                @Migration(id = 1, description = "typo")
                @DropEnumValue(type = "job_state",
                    value = "canceled", // <-
                    replacement = "done")
                class Typo {}
                """,
            "label 'canceled' of enum type \"job_state\": no such label at migration 1 (its labels:"
                + " queued, running, done, cancelled) (did you mean 'cancelled'?)"),
        error(
            Message.ENUM_CONFLICT,
            """
            @Migration(id = 1, description = "moods")
            @CreateEnum(name = "mood", values = {"ok"})
            @AddEnumValue(
                type = "mood", // <-
                value = "sad")
            class Moods {}
            """,
            "enum type \"mood\" is already changed by @CreateEnum in migration 1; declare every label"
                + " of a type the migration creates in its @CreateEnum"),
        error(
            Message.ENUM_VALUE_GONE,
            TASKS
                + """
                @Migration(id = 1, description = "no more cancelled")
                @DropEnumValue(type = "job_state", value = "cancelled", replacement = "done")
                class NoMoreCancelled {}
                @Migration(id = 2, description = "late")
                @AddColumn(table = "tasks", column = "stopped", type = "boolean",
                    up = "state = 'cancelled'") // <-
                class Late {}
                """,
            "up uses the label 'cancelled' of enum type \"job_state\", which was dropped by migration"
                + " 1; migration 2 cannot use it"),
        error(
            Message.ENUM_VALUE_IN_USE,
            TASKS
                + """
                @Migration(id = 1, description = "never cancelled")
                @AddCheck(table = "tasks", name = "tasks_live", check = "state <> 'cancelled'")
                class NeverCancelled {}
                @Migration(id = 2, description = "no more cancelled")
                @DropEnumValue(type = "job_state",
                    value = "cancelled", // <-
                    replacement = "done")
                class NoMoreCancelled {}
                """,
            "label 'cancelled' of enum type \"job_state\" is still used by check \"tasks_live\" of"
                + " table \"tasks\" (migration 1)"),
        error(
            Message.ENUM_COLUMN_IN_VIEW,
            TASKS
                + """
                @Migration(id = 1, description = "no more cancelled, tasks are work items")
                @DropEnumValue(type = "job_state", value = "cancelled", replacement = "done")
                @RenameTable(
                    from = "tasks", // <-
                    to = "work_items")
                class NoMoreCancelled {}
                """,
            "the view \"tasks\" that @RenameTable keeps until its contract has column \"state\" of"
                + " enum type \"job_state\", which the @DropEnumValue declared before it moves in the"
                + " same contract"));
  }

  private static Arguments error(Message message, String body, String detail) {
    return Arguments.of(message.id(), body, detail);
  }
}
