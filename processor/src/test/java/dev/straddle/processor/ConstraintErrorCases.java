package dev.straddle.processor;

import dev.straddle.processor.validation.Message;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link ValidationErrorsTest}'s cases for the constraint kinds (docs/ARCHITECTURE.md,
 * "Constraints"), against the same baseline ({@code jobs(id bigint, queue text, status text,
 * legacy_flags jsonb)}); each source marks the line the error must point at with {@code // <-}.
 */
final class ConstraintErrorCases {

  private ConstraintErrorCases() {}

  /** A table of queues with a primary key, a unique name and a check, created by migration 1. */
  private static final String QUEUES =
      """
      @Migration(id = 1, description = "queues")
      @CreateTable(name = "queues", columns = {
          @Column(name = "id", type = "bigserial", primaryKey = true),
          @Column(name = "name", type = "text", notNull = true),
          @Column(name = "code", type = "text", notNull = true)})
      @AddUnique(table = "queues", name = "queues_name_key", columns = "name")
      @AddCheck(table = "queues", name = "queues_code_positive", check = "length(code) > 0")
      class Queues {}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        error(
            Message.DUPLICATE_CONSTRAINT,
            QUEUES
                + """
                @Migration(id = 2, description = "again")
                @AddCheck(table = "queues",
                    name = "queues_code_positive", // <-
                    check = "code <> ''")
                class Again {}
                """,
            "table \"queues\" already has a constraint \"queues_code_positive\" (check, added by"
                + " migration 1)"),
        error(
            Message.UNKNOWN_CONSTRAINT,
            QUEUES
                + """
                @Migration(id = 2, description = "typo")
                @DropConstraint(table = "queues",
                    name = "queues_code_postive") // <-
                class Typo {}
                """,
            "table \"queues\" has no constraint \"queues_code_postive\" at migration 2 (did you"
                + " mean \"queues_code_positive\"?)"),
        error(
            Message.UNKNOWN_CONSTRAINT,
            """
            @Migration(id = 1, description = "check")
            @AddCheck(table = "jobs", name = "jobs_status_known", check = "status <> ''")
            class Check {}
            @Migration(id = 2, description = "typo on a baseline table")
            @RenameConstraint(table = "jobs",
                from = "jobs_status_know", // <-
                to = "jobs_status_valid")
            class Typo {}
            """,
            "did you mean \"jobs_status_known\"?"),
        error(
            Message.CONSTRAINT_WITHOUT_COLUMNS,
            """
            @Migration(id = 1, description = "nothing unique")
            @AddUnique(table = "jobs", name = "jobs_nothing_key",
                columns = {}) // <-
            class Nothing {}
            """,
            "unique constraint \"jobs_nothing_key\" names no columns"),
        error(
            Message.CHECK_UP_COLUMN,
            """
            @Migration(id = 1, description = "fix without column")
            @AddCheck(table = "jobs", name = "jobs_queue_short", check = "length(queue) < 64",
                up = "left(queue, 63)") // <-
            class Fix {}
            """,
            "up needs column"),
        error(
            Message.CHECK_UP_COLUMN,
            """
            @Migration(id = 1, description = "fix the key")
            @AddCheck(table = "jobs", name = "jobs_id_positive", check = "id > 0",
                column = "id", // <-
                up = "-id")
            class Fix {}
            """,
            "column \"id\" is part of the primary key"),
        error(
            Message.CHECK_UP_COLUMN,
            QUEUES
                + """
                @Migration(id = 2, description = "new table")
                @CreateTable(name = "lanes", columns = {
                    @Column(name = "id", type = "bigint", primaryKey = true),
                    @Column(name = "width", type = "integer")})
                @AddCheck(table = "lanes", name = "lanes_width_positive", check = "width > 0",
                    column = "width",
                    up = "1") // <-
                class Lanes {}
                """,
            "is created by this migration"),
        error(
            Message.CONFLICTING_OPERATIONS,
            """
            @Migration(id = 1, description = "fix a new column")
            @AddColumn(table = "jobs", column = "priority", type = "integer", up = "0")
            @AddCheck(table = "jobs", name = "jobs_priority_small", check = "priority < 10",
                column = "priority", // <-
                up = "9")
            class Fix {}
            """,
            "already changed by @AddColumn"),
        error(
            Message.EXPRESSION_UNKNOWN_COLUMN,
            QUEUES
                + """
                @Migration(id = 2, description = "typo in a check")
                @AddCheck(table = "queues", name = "queues_name_short",
                    check = "length(nmae) < 64") // <-
                class Typo {}
                """,
            "check reads \"nmae\", but table \"queues\" has no such column at migration 2 (did you"
                + " mean \"name\"?)"),
        error(
            Message.UNKNOWN_TABLE,
            """
            @Migration(id = 1, description = "typo")
            @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = "queue",
                references = "queus") // <-
            class Typo {}
            """,
            "table \"queus\" is neither declared with @ExistingTable nor created by a migration"
                + " before migration 1"),
        error(
            Message.UNKNOWN_COLUMN,
            QUEUES
                + """
                @Migration(id = 2, description = "typo")
                @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = "queue",
                    references = "queues",
                    referencedColumns = "nme") // <-
                class Typo {}
                """,
            "table \"queues\" has no column \"nme\" at migration 2 (did you mean \"name\"?)"),
        error(
            Message.FOREIGN_KEY_COLUMN_COUNT,
            QUEUES
                + """
                @Migration(id = 2, description = "two to one")
                @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = {"queue", "status"},
                    references = "queues",
                    referencedColumns = "name") // <-
                class Count {}
                """,
            "foreign key \"jobs_queue_fk\" has 2 column(s) but references 1 column(s) of table"
                + " \"queues\""),
        error(
            Message.FOREIGN_KEY_TYPE_MISMATCH,
            QUEUES
                + """
                @Migration(id = 2, description = "text to bigint")
                @AddForeignKey(table = "jobs", name = "jobs_queue_fk",
                    columns = "queue", // <-
                    references = "queues")
                class Mismatch {}
                """,
            "column \"queue\" of foreign key \"jobs_queue_fk\" is text, but the column it"
                + " references, \"id\" of table \"queues\", is bigint"),
        error(
            Message.FOREIGN_KEY_NOT_KEY,
            QUEUES
                + """
                @Migration(id = 2, description = "not a key")
                @AddForeignKey(table = "jobs", name = "jobs_code_fk", columns = "status",
                    references = "queues",
                    referencedColumns = "code") // <-
                class NotKey {}
                """,
            "foreign key \"jobs_code_fk\" references (code) of table \"queues\", which are neither"
                + " its primary key nor unique"),
        error(
            Message.FOREIGN_KEY_NOT_KEY,
            """
            @Migration(id = 1, description = "queues")
            @CreateTable(name = "queues", columns = {
                @Column(name = "id", type = "bigserial", primaryKey = true),
                @Column(name = "name", type = "text", notNull = true)})
            class Queues {}
            @Migration(id = 2, description = "unique and referenced at once")
            @AddUnique(table = "queues", name = "queues_name_key", columns = "name")
            @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = "queue",
                references = "queues",
                referencedColumns = "name") // <-
            class TooEarly {}
            """,
            "whose unique index \"queues_name_key\" this migration builds at the end of its"
                + " backfill"),
        error(
            Message.DUPLICATE_INDEX,
            QUEUES
                + """
                @Migration(id = 2, description = "rename the key")
                @RenameConstraint(table = "queues", from = "queues_name_key",
                    to = "queues_name_unique")
                class Rename {}
                @Migration(id = 3, description = "an index of the key's new name")
                @CreateIndex(table = "queues",
                    name = "queues_name_unique", // <-
                    columns = "code")
                class Index {}
                """,
            "an index named \"queues_name_unique\" already exists (created by migration 1)"),
        error(
            Message.FOREIGN_KEY_ACTION,
            QUEUES
                + """
                @Migration(id = 2, description = "set null on a not null column")
                @AddColumn(table = "jobs", column = "queue_id", type = "bigint", notNull = true,
                    defaultValue = "1")
                @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = "queue_id",
                    references = "queues",
                    onDelete = AddForeignKey.Action.SET_NULL) // <-
                class SetNull {}
                """,
            "foreign key \"jobs_queue_fk\": ON DELETE SET NULL would set column \"queue_id\" to"
                + " null, which it refuses (NOT NULL)"),
        error(
            Message.CONSTRAINT_IN_USE,
            QUEUES
                + """
                @Migration(id = 2, description = "reference queue names")
                @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = "queue",
                    references = "queues", referencedColumns = "name")
                class Reference {}
                @Migration(id = 3, description = "drop the key")
                @DropConstraint(table = "queues",
                    name = "queues_name_key") // <-
                class DropKey {}
                """,
            "unique constraint \"queues_name_key\" of table \"queues\" is the key that foreign key"
                + " \"jobs_queue_fk\" of table \"jobs\" references"));
  }

  private static Arguments error(Message message, String body, String detail) {
    return Arguments.of(message.id(), body, detail);
  }
}
