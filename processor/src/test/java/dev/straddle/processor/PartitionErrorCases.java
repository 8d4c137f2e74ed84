package dev.straddle.processor;

import dev.straddle.processor.validation.Message;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link ValidationErrorsTest}'s cases for partitioned tables (docs/ARCHITECTURE.md, "Partitioned
 * tables"); each source marks the line the error must point at with {@code // <-}.
 */
final class PartitionErrorCases {

  private PartitionErrorCases() {}

  /** A baseline table partitioned by day. */
  private static final String EVENTS =
      """
      @ExistingTable(name = "events", partitionBy = "RANGE (created_at)", columns = {
          @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
          @Column(name = "created_at", type = "date", notNull = true, primaryKey = true),
          @Column(name = "job_id", type = "bigint"),
          @Column(name = "kind", type = "text")})
      class Events {}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        error(
            Message.INVALID_PARTITION_BY,
            """
            @Migration(id = 1, description = "audits")
            @CreateTable(name = "audits",
                partitionBy = "RANGE created_at", // <-
                columns = {
                    @Column(name = "id", type = "bigint", primaryKey = true),
                    @Column(name = "created_at", type = "date", primaryKey = true)})
            class Audits {}
            """,
            "write the partitioning method and the key, as after PARTITION BY"),
        error(
            Message.INVALID_PARTITION_BY,
            """
            @Migration(id = 1, description = "audits")
            @CreateTable(name = "audits",
                partitionBy = "RANGE (created_at)", // <-
                columns = {
                    @Column(name = "id", type = "bigint", primaryKey = true),
                    @Column(name = "created_at", type = "date")})
            class Audits {}
            """,
            "the key's column \"created_at\" is not in the primary key"),
        error(
            Message.INVALID_PARTITION_BY,
            """
            @ExistingTable(name = "events",
                partitionBy = "LIST (region)", // <-
                columns = @Column(name = "id", type = "bigint", primaryKey = true))
            class Events {}
            """,
            "the key's column \"region\" is not declared (declare it in columns)"),
        error(
            Message.PARTITION_KEY_CHANGE,
            EVENTS
                + """
                @Migration(id = 1, description = "rename the key")
                @RenameColumn(table = "events",
                    from = "created_at", // <-
                    to = "created_on")
                class RenameKey {}
                """,
            "column \"created_at\" is in the partition key of table \"events\""),
        error(
            Message.PARTITION_KEY_CHANGE,
            EVENTS
                + """
                @Migration(id = 1, description = "move rows")
                @AlterColumn(table = "events",
                    column = "created_at", // <-
                    up = "created_at + 1")
                class MoveRows {}
                """,
            "a sync trigger must not move a row to another partition, so @AlterColumn"),
        error(
            Message.PARTITIONED_TABLE,
            EVENTS
                + """
                @Migration(id = 1, description = "events of jobs")
                @AddForeignKey(
                    table = "events", // <-
                    name = "events_job_fk", columns = "job_id", references = "jobs")
                class EventsOfJobs {}
                """,
            "cannot add a NOT VALID foreign key to a partitioned table"),
        error(
            Message.PARTITIONED_TABLE,
            EVENTS
                + """
                @Migration(id = 1, description = "unique kinds")
                @AddUnique(
                    table = "events", // <-
                    name = "events_kind_key", columns = {"kind", "created_at"})
                class UniqueKinds {}
                """,
            "cannot add a constraint USING INDEX to a partitioned table"),
        error(
            Message.TYPE_CHANGE_UNSAFE,
            """
            @ExistingTable(name = "events", partitionBy = "RANGE (created_at)", columns = {
                @Column(name = "id", type = "integer", notNull = true, primaryKey = true),
                @Column(name = "created_at", type = "date", notNull = true, primaryKey = true)})
            class Events {}
            @Migration(id = 1, description = "wider key")
            @ChangeColumnType(table = "events", column = "id",
                type = "bigint") // <-
            class WiderKey {}
            """,
            "it is the primary key of a partitioned table"));
  }

  private static Arguments error(Message message, String body, String detail) {
    return Arguments.of(message.id(), body, detail);
  }
}
