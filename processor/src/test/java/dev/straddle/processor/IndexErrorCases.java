package dev.straddle.processor;

import dev.straddle.processor.validation.Message;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link ValidationErrorsTest}'s cases for the index kinds (docs/ARCHITECTURE.md, "Indexes"),
 * against the same baseline ({@code jobs(id bigint, queue text, status text, legacy_flags jsonb)});
 * each source marks the line the error must point at with {@code // <-}.
 */
final class IndexErrorCases {

  private IndexErrorCases() {}

  /** A table of queues with a primary key and a unique name, created by migration 1. */
  private static final String QUEUES =
      """
      @Migration(id = 1, description = "queues")
      @CreateTable(name = "queues", columns = {
          @Column(name = "id", type = "bigserial", primaryKey = true),
          @Column(name = "name", type = "text", notNull = true),
          @Column(name = "code", type = "text", notNull = true)})
      @AddUnique(table = "queues", name = "queues_name_key", columns = "name")
      @CreateIndex(table = "queues", name = "queues_code_idx", columns = "code")
      class Queues {}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        error(
            Message.INDEX_METHOD,
            """
            @Migration(id = 1, description = "unique gin")
            @CreateIndex(table = "jobs", name = "jobs_flags_key", columns = "legacy_flags",
                method = IndexMethod.GIN,
                unique = true) // <-
            class UniqueGin {}
            """,
            "index \"jobs_flags_key\": a unique index must be btree (PostgreSQL: access method"
                + " \"gin\" does not support unique indexes)"),
        error(
            Message.INDEX_METHOD,
            """
            @Migration(id = 1, description = "hash include")
            @CreateIndex(table = "jobs", name = "jobs_queue_hash", columns = "queue",
                method = IndexMethod.HASH,
                include = "status") // <-
            class HashInclude {}
            """,
            "access method \"hash\" does not support included columns (INCLUDE): btree and gist"
                + " do"),
        error(
            Message.INDEX_METHOD,
            """
            @Migration(id = 1, description = "hash of two columns")
            @CreateIndex(table = "jobs", name = "jobs_queue_hash",
                columns = {"queue", "status"}, // <-
                method = IndexMethod.HASH)
            class HashTwo {}
            """,
            "access method \"hash\" does not support multicolumn indexes"),
        error(
            Message.INDEX_OPERATOR_CLASSES,
            """
            @Migration(id = 1, description = "opclass count")
            @CreateIndex(table = "jobs", name = "jobs_queue_idx", columns = {"queue", "status"},
                opclass = "text_pattern_ops") // <-
            class Opclasses {}
            """,
            "index \"jobs_queue_idx\" has 2 key element(s) (columns, then expressions) but 1"
                + " operator class(es)"),
        error(
            Message.INDEX_STORAGE_PARAMETER,
            """
            @Migration(id = 1, description = "gin parameter on btree")
            @CreateIndex(table = "jobs", name = "jobs_queue_idx", columns = "queue",
                with = "fastupdate=off") // <-
            class WrongParameter {}
            """,
            "access method \"btree\" has no storage parameter \"fastupdate\" (it has"
                + " deduplicate_items, fillfactor)"),
        error(
            Message.INDEX_STORAGE_PARAMETER,
            """
            @Migration(id = 1, description = "fillfactor out of range")
            @CreateIndex(table = "jobs", name = "jobs_queue_idx", columns = "queue",
                with = {"fillfactor=5"}) // <-
            class Fillfactor {}
            """,
            "storage parameter \"fillfactor\" is \"5\", but must be an integer from 10 to 100"),
        error(
            Message.EXPRESSION_UNKNOWN_COLUMN,
            QUEUES
                + """
                @Migration(id = 2, description = "expression of a typo")
                @CreateIndex(table = "queues", name = "queues_lower_name_idx",
                    expressions = "lower(nmae)") // <-
                class Typo {}
                """,
            "\"nmae\""),
        error(
            Message.UNKNOWN_INDEX,
            QUEUES
                + """
                @Migration(id = 2, description = "drop an unknown index of a new table")
                @DropIndex(table = "queues",
                    name = "queues_status_idx") // <-
                class Unknown {}
                """,
            "table \"queues\" has no index \"queues_status_idx\" at migration 2"),
        error(
            Message.UNKNOWN_INDEX,
            """
            @Migration(id = 1, description = "an index")
            @CreateIndex(table = "jobs", name = "jobs_queue_idx", columns = "queue")
            class Index {}
            @Migration(id = 2, description = "near miss on a baseline table")
            @RenameIndex(table = "jobs",
                from = "jobs_queue_ix", // <-
                to = "jobs_by_queue_idx")
            class NearMiss {}
            """,
            "(did you mean \"jobs_queue_idx\"? An index Straddle did not create: declare it with"
                + " @ExistingIndex)"),
        error(
            Message.UNKNOWN_INDEX,
            QUEUES
                + """
                @Migration(id = 2, description = "drop it from the wrong table")
                @DropIndex(table = "jobs",
                    name = "queues_code_idx") // <-
                class WrongTable {}
                """,
            "(it is an index of table \"queues\")"),
        error(
            Message.INDEX_OF_CONSTRAINT,
            QUEUES
                + """
                @Migration(id = 2, description = "drop the unique constraint's index")
                @DropIndex(table = "queues",
                    name = "queues_name_key") // <-
                class DropKeyIndex {}
                """,
            "index \"queues_name_key\" of table \"queues\" is the index of unique constraint"
                + " \"queues_name_key\"; PostgreSQL refuses to drop it on its own"),
        error(
            Message.INDEX_OF_CONSTRAINT,
            """
            @Migration(id = 1, description = "rename the primary key's index")
            @RenameIndex(table = "jobs",
                from = "jobs_pkey", // <-
                to = "jobs_primary")
            class RenamePkey {}
            """,
            "is the index of the primary key \"jobs_pkey\"; renaming it would rename the"
                + " constraint too"),
        error(
            Message.DUPLICATE_INDEX,
            QUEUES
                + """
                @Migration(id = 2, description = "rename onto another index")
                @RenameIndex(table = "queues", from = "queues_code_idx",
                    to = "queues_name_key") // <-
                class Onto {}
                """,
            "an index named \"queues_name_key\" already exists (created by migration 1)"),
        error(
            Message.DUPLICATE_INDEX,
            """
            @ExistingIndex(table = "jobs", name = "jobs_status_idx", columns = "status")
            class Legacy {}
            @Migration(id = 1, description = "an index of a legacy index's name")
            @CreateIndex(table = "jobs",
                name = "jobs_status_idx", // <-
                columns = "status")
            class Again {}
            """,
            "an index named \"jobs_status_idx\" already exists (declared before the migrations)"),
        error(
            Message.UNKNOWN_COLUMN,
            """
            @ExistingIndex(table = "jobs", name = "jobs_priority_idx",
                columns = "priority") // <-
            class Legacy {}
            @Migration(id = 1, description = "anything")
            @CreateIndex(table = "jobs", name = "jobs_queue_idx", columns = "queue")
            class Anything {}
            """,
            "table \"jobs\" has no column \"priority\""),
        error(
            Message.CONSTRAINT_IN_USE,
            QUEUES
                + """
                @Migration(id = 2, description = "a unique index, referenced")
                @CreateIndex(table = "queues", name = "queues_code_key", columns = "code",
                    unique = true)
                class UniqueCode {}
                @Migration(id = 3, description = "reference it")
                @AddForeignKey(table = "jobs", name = "jobs_queue_code_fk", columns = "queue",
                    references = "queues", referencedColumns = "code")
                class Reference {}
                @Migration(id = 4, description = "drop it")
                @DropIndex(table = "queues",
                    name = "queues_code_key") // <-
                class DropReferenced {}
                """,
            "unique index \"queues_code_key\" of table \"queues\" is the key that foreign key"
                + " \"jobs_queue_code_fk\" of table \"jobs\" references"));
  }

  private static Arguments error(Message message, String body, String detail) {
    return Arguments.of(message.id(), body, detail);
  }
}
