package dev.straddle.processor;

import dev.straddle.processor.validation.Message;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link ValidationErrorsTest}'s cases for triggers and existing functions (docs/ARCHITECTURE.md,
 * "Triggers and existing functions"), against the same baseline ({@code jobs(id bigint, queue text,
 * status text, legacy_flags jsonb)}); each source marks the line the error must point at with
 * {@code // <-}.
 */
final class TriggerErrorCases {

  private TriggerErrorCases() {}

  /** Migration 1: trigger function audit_job version 1, attached to jobs as jobs_audit. */
  private static final String AUDIT =
      """
      @Migration(id = 1, description = "audit")
      @Procedure(name = "audit_job", version = 1, returns = "trigger",
          body = "BEGIN RETURN NEW; END")
      @CreateTrigger(table = "jobs", name = "jobs_audit", procedure = "audit_job",
          timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.UPDATE)
      class Audit {}
      """;

  /** Migration 1: count_jobs(text) adopted, a trigger function touch_job() adopted and attached. */
  private static final String ADOPTED =
      """
      @Migration(id = 1, description = "adopt")
      @ExistingProcedure(name = "count_jobs", arguments = "text", returns = "bigint")
      @ExistingProcedure(name = "touch_job", returns = "trigger")
      @CreateTrigger(table = "jobs", name = "jobs_touch", procedure = "touch_job",
          timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.UPDATE)
      class Adopt {}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        error(
            Message.TRIGGER_PROCEDURE,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1, returns = "trigger",
                body = "BEGIN RETURN NEW; END")
            @CreateTrigger(table = "jobs", name = "jobs_audit",
                procedure = "audit_jbo", // <-
                timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.INSERT)
            class Audit {}
            """,
            "trigger \"jobs_audit\" calls procedure \"audit_jbo\", which is not declared"
                + " (@Procedure or @ExistingProcedure) by migration 1 or an earlier one (did you"
                + " mean \"audit_job\"?)"),
        error(
            Message.TRIGGER_PROCEDURE,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            @CreateTrigger(table = "jobs", name = "jobs_count",
                procedure = "count_jobs", // <-
                timing = CreateTrigger.Timing.AFTER, events = CreateTrigger.Event.INSERT)
            class Count {}
            """,
            "which returns bigint: a trigger executes a function that returns trigger"),
        error(
            Message.TRIGGER_FUNCTION,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1,
                arguments = "what text", // <-
                returns = "trigger", body = "BEGIN RETURN NEW; END")
            class Audit {}
            """,
            "procedure \"audit_job\" version 1 returns trigger and declares arguments"),
        error(
            Message.TRIGGER_FUNCTION,
            AUDIT
                + """
                @Migration(id = 2, description = "no longer a trigger function")
                @Procedure(name = "audit_job", version = 2,
                    returns = "bigint", // <-
                    language = Procedure.Language.SQL, body = "SELECT 1::bigint")
                class NotATrigger {}
                """,
            "returns bigint, but trigger \"jobs_audit\" calls the procedure and moves to this"
                + " version"),
        error(
            Message.DUPLICATE_TRIGGER,
            AUDIT
                + """
                @Migration(id = 2, description = "again")
                @CreateTrigger(table = "jobs",
                    name = "jobs_audit", // <-
                    procedure = "audit_job",
                    timing = CreateTrigger.Timing.AFTER, events = CreateTrigger.Event.INSERT)
                class Again {}
                """,
            "table \"jobs\" already has a trigger \"jobs_audit\" (created by migration 1)"),
        error(
            Message.DUPLICATE_TRIGGER,
            AUDIT
                + """
                @Migration(id = 2, description = "replace")
                @DropTrigger(table = "jobs", name = "jobs_audit")
                @CreateTrigger(table = "jobs",
                    name = "jobs_audit", // <-
                    procedure = "audit_job",
                    timing = CreateTrigger.Timing.AFTER, events = CreateTrigger.Event.INSERT)
                class Replace {}
                """,
            "migration 2 drops it only at its contract, after this expand creates the new one"),
        error(
            Message.TRIGGER_BEFORE_SYNC,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1, returns = "trigger",
                body = "BEGIN RETURN NEW; END")
            @CreateTrigger(table = "jobs",
                name = "_audit", // <-
                procedure = "audit_job",
                timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.INSERT)
            class Audit {}
            """,
            "trigger name \"_audit\" sorts before \"_straddle_sync\""),
        error(
            Message.INVALID_TRIGGER,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1, returns = "trigger",
                body = "BEGIN RETURN NULL; END")
            @CreateTrigger(table = "jobs", name = "jobs_truncated", procedure = "audit_job",
                timing = CreateTrigger.Timing.AFTER,
                events = CreateTrigger.Event.TRUNCATE) // <-
            class Audit {}
            """,
            "trigger \"jobs_truncated\" on table \"jobs\": TRUNCATE fires only FOR EACH"
                + " STATEMENT"),
        error(
            Message.INVALID_TRIGGER,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1, returns = "trigger",
                body = "BEGIN RETURN NEW; END")
            @CreateTrigger(table = "jobs", name = "jobs_audit", procedure = "audit_job",
                timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.INSERT,
                when = "OLD.status <> NEW.status") // <-
            class Audit {}
            """,
            "WHEN reads OLD, which an INSERT does not have"),
        error(
            Message.INVALID_TRIGGER,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1, returns = "trigger",
                body = "BEGIN RETURN NULL; END")
            @CreateTrigger(table = "jobs", name = "jobs_audit", procedure = "audit_job",
                timing = CreateTrigger.Timing.AFTER, events = CreateTrigger.Event.INSERT,
                columns = "status") // <-
            class Audit {}
            """,
            "columns (UPDATE OF) need the UPDATE event"),
        error(
            Message.UNKNOWN_COLUMN,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1, returns = "trigger",
                body = "BEGIN RETURN NEW; END")
            @CreateTrigger(table = "jobs", name = "jobs_audit", procedure = "audit_job",
                timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.UPDATE,
                columns = "stauts") // <-
            class Audit {}
            """,
            "table \"jobs\" has no column \"stauts\" at migration 1 (did you mean \"status\"?)"),
        error(
            Message.INVALID_TRIGGER,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1, returns = "trigger",
                body = "BEGIN RETURN NEW; END")
            @CreateTrigger(table = "jobs", name = "jobs_audit", procedure = "audit_job",
                timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.UPDATE,
                columns = "status") // <-
            class Audit {}
            @Migration(id = 2, description = "rename")
            @RenameColumn(table = "jobs", from = "status", to = "state")
            class Rename {}
            """,
            "it depends on column \"status\", which is renamed to \"state\" by migration 2:"
                + " PostgreSQL refuses to drop a column a trigger depends on"),
        error(
            Message.INVALID_TRIGGER,
            """
            @Migration(id = 1, description = "audit")
            @Procedure(name = "audit_job", version = 1, returns = "trigger",
                body = "BEGIN RETURN NEW; END")
            @CreateTrigger(table = "jobs", name = "jobs_audit", procedure = "audit_job",
                timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.UPDATE,
                when = "OLD.legacy_flags IS DISTINCT FROM NEW.legacy_flags") // <-
            class Audit {}
            @Migration(id = 2, description = "drop")
            @DropColumn(table = "jobs", column = "legacy_flags", down = "'{}'")
            class Drop {}
            """,
            "it depends on column \"legacy_flags\", which is dropped by migration 2"),
        error(
            Message.INVALID_TRIGGER,
            """
            @Migration(id = 1, description = "no sync")
            @DropTrigger(table = "jobs",
                name = "_straddle_sync") // <-
            class NoSync {}
            """,
            "it is Straddle's sync trigger"),
        error(
            Message.FUNCTION_ARGUMENT_TYPES,
            """
            @Migration(id = 1, description = "adopt")
            @ExistingProcedure(name = "count_jobs",
                arguments = "target_queue text", // <-
                returns = "bigint")
            class Adopt {}
            """,
            "arguments of @ExistingProcedure count_jobs: \"target_queue text\" is not a type"),
        error(
            Message.PROCEDURE_VERSION_SEQUENCE,
            """
            @Migration(id = 1, description = "first")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class First {}
            @Migration(id = 2, description = "adopt late")
            @ExistingProcedure(
                name = "count_jobs", // <-
                arguments = "text", returns = "bigint")
            class Late {}
            """,
            "@ExistingProcedure adopts a function before the first version of its name"),
        error(
            Message.PROCEDURE_DROP,
            ADOPTED
                + """
                @Migration(id = 2, description = "drop it")
                @DropProcedure(
                    name = "touch_job") // <-
                class DropIt {}
                """,
            "@DropProcedure touch_job(): it is procedure \"touch_job\" version 0, adopted by"
                + " migration 1 and called by trigger \"jobs_touch\": declare its version 1"),
        error(
            Message.PROCEDURE_DROP,
            """
            @Migration(id = 1, description = "first")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class First {}
            @Migration(id = 2, description = "drop a version")
            @DropProcedure(
                name = "count_jobs_v1") // <-
            class DropVersion {}
            """,
            "it is a version of procedure \"count_jobs\", which Straddle versions"),
        error(
            Message.PROCEDURE_DROP,
            """
            @Migration(id = 1, description = "drop the overload")
            @DropProcedure(name = "count_jobs", arguments = "text, text")
            class First {}
            @Migration(id = 2, description = "again")
            @DropProcedure(
                name = "count_jobs", // <-
                arguments = "text,  TEXT")
            class Again {}
            """,
            "migration 1 already drops it at its contract"),
        error(
            Message.PROCEDURE_DROP,
            """
            @Migration(id = 1, description = "drop it")
            @DropProcedure(name = "count_jobs", arguments = "text")
            class First {}
            @Migration(id = 2, description = "adopt what is gone")
            @ExistingProcedure(
                name = "count_jobs", // <-
                arguments = "text", returns = "bigint")
            class Adopt {}
            """,
            "migration 1 drops it at its contract (@DropProcedure)"));
  }

  private static Arguments error(Message message, String body, String detail) {
    return Arguments.of(message.id(), body, detail);
  }
}
