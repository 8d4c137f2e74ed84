package dev.straddle.processor;

import dev.straddle.processor.validation.Message;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link ValidationErrorsTest}'s cases for table renames and drops, replica identities and raw SQL
 * (docs/ARCHITECTURE.md, "Tables", "Replica identity", "Raw SQL"), against the same baseline
 * ({@code jobs(id bigint, queue text, status text, legacy_flags jsonb)}); each source marks the
 * line the error must point at with {@code // <-}.
 */
final class TableErrorCases {

  private TableErrorCases() {}

  /** A table of queues (nullable label) with a unique name and a unique label, by migration 1. */
  private static final String QUEUES =
      """
      @Migration(id = 1, description = "queues")
      @CreateTable(name = "queues", columns = {
          @Column(name = "id", type = "bigserial", primaryKey = true),
          @Column(name = "name", type = "text", notNull = true),
          @Column(name = "label", type = "text")})
      @AddUnique(table = "queues", name = "queues_name_key", columns = "name")
      @AddUnique(table = "queues", name = "queues_label_key", columns = "label")
      class Queues {}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        error(
            Message.TABLE_GONE,
            """
            @Migration(id = 1, description = "rename")
            @RenameTable(from = "jobs", to = "tasks")
            class Rename {}
            @Migration(id = 2, description = "old name")
            @AddColumn(
                table = "jobs", // <-
                column = "note", type = "text")
            class Old {}
            """,
            "table \"jobs\" was renamed to \"tasks\" by migration 1; migration 2 cannot use it"),
        error(
            Message.TABLE_GONE,
            """
            @Migration(id = 1, description = "drop")
            @DropTable(name = "jobs")
            class Drop {}
            @Migration(id = 2, description = "locks a dropped table")
            @RawSql(expand = "UPDATE jobs SET status = status",
                locks = "jobs") // <-
            class Raw {}
            """,
            "table \"jobs\" was dropped by migration 1; migration 2 cannot use it"),
        error(
            Message.TABLE_NOT_ALONE,
            """
            @Migration(id = 1, description = "rename and add")
            @RenameTable(from = "jobs",
                to = "tasks") // <-
            @AddColumn(table = "tasks", column = "note", type = "text")
            class Both {}
            """,
            "migration 1 renames table \"tasks\", so no other operation of it may name that table"
                + " (@AddColumn does)"),
        error(
            Message.TABLE_NOT_ALONE,
            QUEUES
                + """
                @Migration(id = 2, description = "drop and reference")
                @DropTable(
                    name = "queues") // <-
                @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = "queue",
                    references = "queues", referencedColumns = "name")
                class Both {}
                """,
            "migration 2 drops table \"queues\", so no other operation of it may name that table"
                + " (@AddForeignKey does)"),
        error(
            Message.RENAME_TABLE_SCHEMA,
            """
            @Migration(id = 1, description = "move")
            @RenameTable(from = "jobs",
                to = "archive.jobs") // <-
            class Move {}
            """,
            "table \"jobs\" can only be renamed within its schema; write to as \"jobs\""),
        error(
            Message.DUPLICATE_TABLE,
            QUEUES
                + """
                @Migration(id = 2, description = "onto another table")
                @RenameTable(from = "jobs",
                    to = "queues") // <-
                class Onto {}
                """,
            "table \"queues\" already exists (created by migration 1)"),
        error(
            Message.TABLE_REFERENCED,
            QUEUES
                + """
                @Migration(id = 2, description = "reference queue names")
                @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = "queue",
                    references = "queues", referencedColumns = "name")
                class Reference {}
                @Migration(id = 3, description = "drop the queues")
                @DropTable(
                    name = "queues") // <-
                class Drop {}
                """,
            "table \"queues\" is referenced by foreign key \"jobs_queue_fk\" of table \"jobs\""),
        error(
            Message.REPLICA_IDENTITY_INDEX,
            """
            @Migration(id = 1, description = "identity")
            @ReplicaIdentity(table = "jobs",
                value = ReplicaIdentity.Identity.USING_INDEX) // <-
            class Identity {}
            """,
            "replica identity of table \"jobs\": USING_INDEX needs the index attribute"),
        error(
            Message.REPLICA_IDENTITY_INDEX,
            QUEUES
                + """
                @Migration(id = 2, description = "identity on a nullable column")
                @ReplicaIdentity(table = "queues", value = ReplicaIdentity.Identity.USING_INDEX,
                    index = "queues_label_key") // <-
                class Identity {}
                """,
            "index \"queues_label_key\" covers column \"label\", which is nullable"),
        error(
            Message.REPLICA_IDENTITY_INDEX,
            QUEUES
                + """
                @Migration(id = 2, description = "index built later")
                @CreateIndex(table = "jobs", name = "jobs_id_status_key", columns = {"id", "status"},
                    unique = true)
                @ReplicaIdentity(table = "jobs", value = ReplicaIdentity.Identity.USING_INDEX,
                    index = "jobs_id_status_key") // <-
                class Identity {}
                """,
            "is built at the end of this migration's backfill, after its expand"),
        error(
            Message.REPLICA_IDENTITY_INDEX,
            """
            @Migration(id = 1, description = "index")
            @CreateIndex(table = "jobs", name = "jobs_status_idx", columns = "status")
            class Index {}
            @Migration(id = 2, description = "identity on a plain index")
            @ReplicaIdentity(table = "jobs", value = ReplicaIdentity.Identity.USING_INDEX,
                index = "jobs_status_idx") // <-
            class Identity {}
            """,
            "is not a unique index without where of this table"),
        error(
            Message.RAW_SQL,
            """
            @Migration(id = 1, description = "two at once")
            @RawSql(
                expand = "UPDATE jobs SET status = 'x'; DELETE FROM jobs", // <-
                locks = "jobs")
            class Two {}
            """,
            "holds more than one statement: give each as its own element"),
        error(
            Message.RAW_SQL,
            """
            @Migration(id = 1, description = "rollback of two at once")
            @RawSql(expand = "CREATE VIEW v AS SELECT 1",
                rollback = "DROP VIEW v; DROP VIEW w", // <-
                locks = "jobs")
            class TwoBack {}
            """,
            "holds more than one statement: give each as its own element"),
        error(
            Message.RAW_SQL,
            """
            @Migration(id = 1, description = "nothing")
            @RawSql(locks = "jobs") // <-
            class Nothing {}
            """,
            "@RawSql: it declares no statement for expand or contract"),
        error(
            Message.RAW_SQL,
            """
            @Migration(id = 1, description = "managed table as unmanaged")
            @RawSql(expand = "SELECT 1",
                locksUnmanaged = "jobs") // <-
            class Unmanaged {}
            """,
            "table \"jobs\" is known to the schema model; name it in locks"),
        error(
            Message.PROCEDURE_GONE_TABLE,
            """
            @Migration(id = 1, description = "count")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL,
                body = "SELECT count(*) FROM jobs") // <-
            class Count {}
            @Migration(id = 2, description = "rename")
            @RenameTable(from = "jobs", to = "tasks")
            class Rename {}
            """,
            "reads table \"jobs\", which is renamed to \"tasks\" by migration 2: the name is gone"
                + " once that migration is contracted, while this version is still called; declare"
                + " version 2 in migration 2"),
        error(
            Message.PROCEDURE_GONE_TABLE,
            """
            @Migration(id = 1, description = "drop")
            @DropTable(name = "jobs")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL,
                body = "SELECT count(*) FROM jobs") // <-
            class Drop {}
            """,
            "reads table \"jobs\", which is dropped by migration 1"),
        error(
            Message.UNKNOWN_TABLE,
            """
            @Migration(id = 1, description = "typo")
            @RawSql(expand = "UPDATE jbos SET status = status",
                locks = "jbos") // <-
            class Typo {}
            """,
            "(did you mean \"jobs\"?)"));
  }

  private static Arguments error(Message message, String body, String detail) {
    return Arguments.of(message.id(), body, detail);
  }
}
