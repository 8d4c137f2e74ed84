package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.processor.validation.Message;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One case per error of the catalogue: the source marks the line the error must point at with
 * {@code // <-}; every case compiles against the examples' baseline ({@code jobs(id, queue, status,
 * legacy_flags)}).
 */
class ValidationErrorsTest {

  private static final String HEADER = "package test;\nimport dev.straddle.dsl.*;\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        error(
            Message.DUPLICATE_MIGRATION_ID,
            """
            @Migration(id = 1, description = "first")
            @AlterColumn(table = "jobs", column = "status", up = "status")
            class First {}
            @Migration(id = 1, description = "second") // <-
            @AlterColumn(table = "jobs", column = "queue", up = "queue")
            class Second {}
            """,
            "already used by test.First"),
        error(
            Message.INVALID_MIGRATION_ID,
            """
            @Migration(id = 0, description = "zero") // <-
            @AlterColumn(table = "jobs", column = "status", up = "status")
            class Zero {}
            """,
            "migration id 0"),
        error(
            Message.EMPTY_DESCRIPTION,
            """
            @Migration(id = 1,
                description = "") // <-
            @AlterColumn(table = "jobs", column = "status", up = "status")
            class NoDescription {}
            """,
            "no description"),
        error(
            Message.EMPTY_MIGRATION,
            """
            @Migration(id = 1, description = "nothing") // <-
            class Nothing {}
            """,
            "no operation"),
        error(
            Message.NOT_A_MIGRATION,
            """
            @AlterColumn(table = "jobs", column = "status", up = "status") // <-
            class Forgotten {}
            """,
            "on Forgotten"),
        error(
            Message.BASELINE_ON_MIGRATION,
            """
            @Migration(id = 1, description = "mixed")
            @AlterColumn(table = "jobs", column = "status", up = "status")
            @ExistingTable(name = "other", columns = @Column(name = "id", type = "int")) // <-
            class Mixed {}
            """,
            "migration 1"),
        error(
            Message.UNKNOWN_TABLE,
            """
            @Migration(id = 1, description = "typo")
            @AlterColumn(table = "jbos", column = "status", up = "status") // <-
            class Typo {}
            """,
            "table \"jbos\" is neither declared with @ExistingTable nor created by a migration"
                + " before migration 1 (did you mean \"jobs\"?)"),
        error(
            Message.UNKNOWN_COLUMN,
            """
            @Migration(id = 7, description = "typo")
            @DropColumn(table = "jobs",
                column = "qeue") // <-
            class Typo {}
            """,
            "table \"jobs\" has no column \"qeue\" at migration 7 (did you mean \"queue\"?)"),
        error(
            Message.COLUMN_GONE,
            """
            @Migration(id = 7, description = "rename")
            @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
            class Rename {}
            @Migration(id = 8, description = "late")
            @AlterColumn(table = "jobs", column = "queue", up = "queue") // <-
            class Late {}
            """,
            "renamed to \"queue_name\" by migration 7"),
        error(
            Message.COLUMN_GONE,
            """
            @Migration(id = 7, description = "drop")
            @DropColumn(table = "jobs", column = "legacy_flags", down = "'{}'")
            class Drop {}
            @Migration(id = 8, description = "late")
            @RenameColumn(table = "jobs", from = "legacy_flags", to = "flags") // <-
            class Late {}
            """,
            "dropped by migration 7"),
        error(
            Message.DUPLICATE_TABLE,
            """
            @Migration(id = 1, description = "again")
            @CreateTable(name = "jobs", // <-
                columns = @Column(name = "id", type = "int", primaryKey = true))
            class Again {}
            """,
            "declared with @ExistingTable"),
        error(
            Message.DUPLICATE_COLUMN,
            """
            @Migration(id = 1, description = "again")
            @AddColumn(table = "jobs", column = "status", type = "text") // <-
            class Again {}
            """,
            "already has a column \"status\""),
        error(
            Message.DUPLICATE_COLUMN,
            """
            @Migration(id = 1, description = "onto")
            @RenameColumn(table = "jobs", from = "queue",
                to = "status") // <-
            class Onto {}
            """,
            "already has a column \"status\""),
        error(
            Message.DUPLICATE_COLUMN,
            """
            @Migration(id = 1, description = "same")
            @RenameColumn(table = "jobs", from = "queue", to = "queue") // <-
            class Same {}
            """,
            "(it is from)"),
        error(
            Message.NOT_NULL_WITHOUT_VALUE,
            """
            @Migration(id = 1, description = "priority")
            @AddColumn(table = "jobs", column = "priority", type = "int",
                notNull = true) // <-
            class Priority {}
            """,
            "\"priority\""),
        error(
            Message.GENERATED_COLUMN_ADDED,
            """
            @Migration(id = 1, description = "number")
            @AddColumn(table = "jobs", column = "seq",
                type = "bigint GENERATED ALWAYS AS IDENTITY") // <-
            class Number {}
            """,
            "use type = \"bigserial\""),
        error(
            Message.GENERATED_COLUMN_ADDED,
            """
            @Migration(id = 1, description = "computed")
            @AddColumn(table = "jobs", column = "qlen",
                type = "int generated always as (length(queue)) stored") // <-
            class Computed {}
            """,
            "up = <the expression>"),
        error(
            Message.SERIAL_WITH_DEFAULT,
            """
            @Migration(id = 1, description = "number")
            @AddColumn(table = "jobs", column = "seq", type = "bigserial",
                defaultValue = "0") // <-
            class Number {}
            """,
            "\"seq\" is bigserial"),
        error(
            Message.RENAME_SEQUENCE_COLUMN,
            """
            @Migration(id = 1, description = "counters")
            @CreateTable(name = "counters", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "seq", type = "serial")})
            class Counters {}
            @Migration(id = 2, description = "rename")
            @RenameColumn(table = "counters",
                from = "seq", to = "position") // <-
            class Rename {}
            """,
            "nextval('counters_seq_seq'::regclass)"),
        error(
            Message.DROP_NOT_NULL_WITHOUT_DOWN,
            """
            @Migration(id = 1, description = "drop")
            @DropColumn(table = "jobs", column = "legacy_flags") // <-
            class Drop {}
            """,
            "\"legacy_flags\""),
        error(
            Message.ALTER_WITHOUT_EXPRESSION,
            """
            @Migration(id = 1, description = "alter")
            @AlterColumn(table = "jobs", column = "status") // <-
            class Alter {}
            """,
            "\"status\""),
        error(
            Message.INVALID_IDENTIFIER,
            """
            @Migration(id = 1, description = "add")
            @AddColumn(table = "jobs", column = "Priority", // <-
                type = "int")
            class Add {}
            """,
            "column \"Priority\""),
        error(
            Message.INVALID_IDENTIFIER,
            """
            @Migration(id = 1, description = "create")
            @CreateTable(name = "queues", columns = {
                @Column(name = "id", type = "int", primaryKey = true),
                @Column(name = "the name", type = "text") // <-
            })
            class Create {}
            """,
            "column \"the name\""),
        error(
            Message.UNSAFE_SQL,
            """
            @Migration(id = 1, description = "add")
            @AddColumn(table = "jobs", column = "priority", type = "int",
                up = "1; DROP TABLE jobs") // <-
            class Add {}
            """,
            "';'"),
        error(
            Message.RENAME_TYPE_UNKNOWN,
            """
            @Migration(id = 1, description = "rename")
            @RenameColumn(table = "jobs", from = "run_at", to = "scheduled_at") // <-
            class Rename {}
            """,
            "\"run_at\""),
        error(
            Message.RENAME_TYPE_MISMATCH,
            """
            @Migration(id = 1, description = "rename")
            @RenameColumn(table = "jobs", from = "status", to = "state",
                type = "integer") // <-
            class Rename {}
            """,
            "\"text\""),
        error(
            Message.MISSING_PRIMARY_KEY,
            """
            @Migration(id = 1, description = "create")
            @CreateTable(name = "queues", // <-
                columns = @Column(name = "name", type = "text"))
            class Create {}
            """,
            "\"queues\""),
        error(
            Message.PRIMARY_KEY_CHANGE,
            """
            @Migration(id = 1, description = "rename the key")
            @RenameColumn(table = "jobs", from = "id", to = "job_id") // <-
            class RenameKey {}
            """,
            "primary key of table \"jobs\""),
        error(
            Message.CONFLICTING_OPERATIONS,
            """
            @Migration(id = 1, description = "both")
            @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
            @AlterColumn(table = "jobs", column = "queue", up = "queue") // <-
            class Both {}
            """,
            "already changed by @RenameColumn in migration 1"),
        error(
            Message.CONFLICTING_OPERATIONS,
            """
            @Migration(id = 1, description = "twice")
            @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
            @RenameColumn(table = "jobs",
                from = "queue", // <-
                to = "queue_id")
            class Twice {}
            """,
            "\"queue\""),
        error(
            Message.CONFLICTING_OPERATIONS,
            """
            @Migration(id = 1, description = "add and drop")
            @AddColumn(table = "jobs", column = "priority", type = "int")
            @DropColumn(table = "jobs", column = "priority") // <-
            class AddAndDrop {}
            """,
            "\"priority\""),
        error(
            Message.INDEX_WITHOUT_COLUMNS,
            """
            @Migration(id = 1, description = "index nothing")
            @CreateIndex(table = "jobs", name = "jobs_idx",
                columns = {}) // <-
            class IndexNothing {}
            """,
            "\"jobs_idx\""),
        error(
            Message.DUPLICATE_INDEX,
            """
            @Migration(id = 1, description = "index")
            @CreateIndex(table = "jobs", name = "jobs_idx", columns = "status")
            class Index {}
            @Migration(id = 2, description = "index again")
            @CreateIndex(table = "jobs",
                name = "jobs_idx", // <-
                columns = "queue")
            class IndexAgain {}
            """,
            "already exists (created by migration 1)"),
        error(
            Message.COLUMN_GONE,
            """
            @Migration(id = 1, description = "index a dropped column")
            @DropColumn(table = "jobs", column = "legacy_flags", down = "'{}'")
            @CreateIndex(table = "jobs", name = "jobs_flags_idx",
                columns = "legacy_flags") // <-
            class IndexGone {}
            """,
            "dropped by migration 1"),
        error(
            Message.DUPLICATE_PROCEDURE_VERSION,
            """
            @Migration(id = 1, description = "first")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class First {}
            @Migration(id = 2, description = "second")
            @Procedure(name = "count_jobs",
                version = 1, // <-
                returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class Second {}
            """,
            "version 1 is already declared by migration 1 (test.First)"),
        error(
            Message.PROCEDURE_VERSION_SEQUENCE,
            """
            @Migration(id = 1, description = "starts at two")
            @Procedure(name = "count_jobs",
                version = 2, // <-
                returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class StartsAtTwo {}
            """,
            "the first version of a procedure is 1"),
        error(
            Message.PROCEDURE_VERSION_SEQUENCE,
            """
            @Migration(id = 1, description = "first")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class First {}
            @Migration(id = 2, description = "skips")
            @Procedure(name = "count_jobs",
                version = 3, // <-
                returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class Skips {}
            """,
            "the latest version before migration 2 is 1 (migration 1), so the next one is 2"),
        error(
            Message.PROCEDURE_VERSION_SEQUENCE,
            """
            @Migration(id = 1, description = "two at once")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            @Procedure(name = "count_jobs",
                version = 2, // <-
                returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class TwoAtOnce {}
            """,
            "migration 1 already declares version 1; each new version needs a later migration"),
        error(
            Message.PROCEDURE_GONE_COLUMN,
            """
            @Migration(id = 1, description = "rename")
            @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL,
                body = "SELECT count(*) FROM jobs WHERE queue = 'mail'") // <-
            class ReadsTheOldName {}
            """,
            "reads column \"queue\" of table \"jobs\", which is renamed to \"queue_name\" by"
                + " migration 1"),
        error(
            Message.PROCEDURE_GONE_COLUMN,
            """
            @Migration(id = 1, description = "count")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL,
                body = "SELECT count(*) FROM jobs WHERE queue = 'mail'") // <-
            class Count {}
            @Migration(id = 2, description = "rename")
            @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
            class Rename {}
            """,
            "declare version 2 in migration 2 (its contract drops this one)"),
        error(
            Message.PROCEDURE_UNKNOWN_TABLE,
            """
            @Migration(id = 1, description = "typo")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL,
                body = "SELECT count(*) FROM job") // <-
            class Typo {}
            """,
            "reads table \"job\", which is neither declared with @ExistingTable nor created by a"
                + " migration up to migration 1 (did you mean \"jobs\"?)"),
        error(
            Message.INVALID_IDENTIFIER,
            """
            @Migration(id = 1, description = "camel")
            @Procedure(
                name = "countJobs", // <-
                version = 1, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class Camel {}
            """,
            "procedure name \"countJobs\""),
        error(
            Message.UNSAFE_SQL,
            """
            @Migration(id = 1, description = "quote")
            @Procedure(name = "count_jobs", version = 1, returns = "bigint",
                language = Procedure.Language.SQL,
                body = "SELECT $straddle$x$straddle$") // <-
            class Quote {}
            """,
            "body is not safe"),
        error(
            Message.EXPRESSION_UNKNOWN_COLUMN,
            """
            @Migration(id = 1, description = "items")
            @CreateTable(name = "items", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "qty", type = "integer") })
            class Items {}
            @Migration(id = 2, description = "flag")
            @AddColumn(table = "items", column = "flag", type = "boolean",
                up = "qtty > 0") // <-
            class Flag {}
            """,
            "up reads \"qtty\", but table \"items\" has no such column at migration 2 (did you"
                + " mean \"qty\"?)"),
        error(
            Message.EXPRESSION_UNKNOWN_COLUMN,
            """
            @Migration(id = 1, description = "items")
            @CreateTable(name = "items", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "qty", type = "integer") })
            class Items {}
            @Migration(id = 2, description = "alter")
            @AlterColumn(table = "items", column = "qty",
                down = "CASE WHEN \\"qty_v2\\" > 0 THEN qty ELSE 0 END") // <-
            class Alter {}
            """,
            "down reads \"qty_v2\""),
        error(
            Message.EXPRESSION_UNKNOWN_COLUMN,
            """
            @Migration(id = 1, description = "items")
            @CreateTable(name = "items", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "qty", type = "integer") })
            class Items {}
            @Migration(id = 2, description = "index")
            @CreateIndex(table = "items", name = "items_qty_idx", columns = "qty",
                where = "qyt > 0") // <-
            class Index {}
            """,
            "where reads \"qyt\", but table \"items\" has no such column at migration 2 (did"
                + " you mean \"qty\"?)"),
        error(
            Message.EXPRESSION_UNKNOWN_COLUMN,
            """
            @Migration(id = 1, description = "items")
            @CreateTable(name = "items", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "qty", type = "integer"),
                @Column(name = "in_stock", type = "boolean") })
            class Items {}
            @Migration(id = 2, description = "drop in_stock")
            @DropColumn(table = "items", column = "in_stock",
                down = "qtty > 0") // <-
            class DropInStock {}
            """,
            "down reads \"qtty\", but table \"items\" has no such column at migration 2 (did"
                + " you mean \"qty\"?)"),
        error(
            Message.EXPRESSION_UNKNOWN_COLUMN,
            """
            @Migration(id = 1, description = "items")
            @CreateTable(name = "items", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "qty", type = "integer",
                    defaultValue = "qty_default") }) // <-
            class Items {}
            """,
            "defaultValue of \"qty\" reads \"qty_default\""),
        error(
            Message.COLUMN_GONE,
            """
            @Migration(id = 7, description = "rename")
            @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
            class Rename {}
            @Migration(id = 8, description = "urgent")
            @AddColumn(table = "jobs", column = "urgent", type = "boolean",
                up = "queue = 'urgent'") // <-
            class Urgent {}
            """,
            "column \"queue\" of table \"jobs\" was renamed to \"queue_name\" by migration 7;"
                + " migration 8 cannot use it"),
        error(
            Message.COLUMN_GONE,
            """
            @Migration(id = 7, description = "drop and index")
            @DropColumn(table = "jobs", column = "legacy_flags", down = "'{}'")
            @CreateIndex(table = "jobs", name = "jobs_status_idx", columns = "status",
                where = "legacy_flags IS NULL") // <-
            class DropAndIndex {}
            """,
            "dropped by migration 7"),
        error(
            Message.ALTER_BOTH_DIRECTIONS,
            """
            @Migration(id = 1, description = "both ways")
            @AlterColumn(table = "jobs", column = "status",
                up = "CASE WHEN status = 'aborting' THEN 'doing' ELSE status END",
                down = "status") // <-
            class BothWays {}
            """,
            "gives both up and down: one stored column holds one meaning"),
        error(
            Message.INVALID_TYPE,
            """
            @Migration(id = 1, description = "add")
            @AddColumn(table = "jobs", column = "name",
                type = "varchar(255) CHECK (length(name) > 3)") // <-
            class Add {}
            """,
            "\"CHECK (length(name) > 3)\" follows the type name; a constraint is not part of a"
                + " type"),
        error(
            Message.INVALID_TYPE,
            """
            @Migration(id = 1, description = "create")
            @CreateTable(name = "queues", columns = {
                @Column(name = "id", type = "int", primaryKey = true),
                @Column(name = "name", type = "text NOT NULL") }) // <-
            class Create {}
            """,
            "NOT NULL belongs in notNull = true"),
        error(
            Message.INVALID_TYPE,
            """
            @Migration(id = 1, description = "rename")
            @RenameColumn(table = "jobs", from = "status", to = "state",
                type = "text DEFAULT 'todo'") // <-
            class Rename {}
            """,
            "a default belongs in defaultValue"),
        error(
            Message.PROCEDURE_CALLS_DROPPED_VERSION,
            """
            @Migration(id = 1, description = "helper and caller")
            @Procedure(name = "helper", version = 1, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            @Procedure(name = "caller", version = 1, returns = "bigint",
                language = Procedure.Language.SQL,
                body = "SELECT helper_v1() + 1") // <-
            class Both {}
            @Migration(id = 2, description = "helper 2")
            @Procedure(name = "helper", version = 2, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) + 0 FROM jobs")
            class Helper2 {}
            """,
            "calls helper_v1, which the contract of migration 2 drops (it declares helper version"
                + " 2); declare version 2 of \"caller\" in migration 2"),
        error(
            Message.PROCEDURE_CALLS_DROPPED_VERSION,
            """
            @Migration(id = 1, description = "helper")
            @Procedure(name = "helper", version = 1, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class Helper1 {}
            @Migration(id = 2, description = "helper 2 and caller")
            @Procedure(name = "helper", version = 2, returns = "bigint",
                language = Procedure.Language.SQL, body = "SELECT count(*) + 0 FROM jobs")
            @Procedure(name = "caller", version = 1, returns = "bigint",
                language = Procedure.Language.SQL,
                body = "SELECT public.helper_v1 () + 1") // <-
            class Both {}
            """,
            "call helper_v2 instead"),
        // Column type changes: what cannot be made in place safely, at the type attribute.
        error(
            Message.TYPE_CHANGE_UNSAFE,
            """
            @Migration(id = 1, description = "narrow")
            @ChangeColumnType(table = "jobs", column = "queue",
                type = "varchar(10)") // <-
            class Narrow {}
            """,
            "column \"queue\" of table \"jobs\" cannot change from text to varchar(10) in place:"
                + " only a widening both releases can read is made in place (smallint→integer"),
        error(
            Message.TYPE_CHANGE_UNSAFE,
            """
            @Migration(id = 1, description = "incompatible")
            @ChangeColumnType(table = "jobs", column = "legacy_flags",
                type = "text") // <-
            class Incompatible {}
            """,
            "instead add a new column with @AddColumn (up and down converting between the types)"
                + " and drop this one with @DropColumn"),
        error(
            Message.TYPE_CHANGE_UNSAFE,
            """
            @Migration(id = 1, description = "same")
            @ChangeColumnType(table = "jobs", column = "id",
                type = "int8") // <-
            class Same {}
            """,
            "the column already has that type"),
        error(
            Message.TYPE_CHANGE_UNSAFE,
            """
            @ExistingTable(name = "pairs", columns = {
                @Column(name = "a", type = "integer", notNull = true, primaryKey = true),
                @Column(name = "b", type = "integer", notNull = true, primaryKey = true)})
            class PairsBaseline {}
            @Migration(id = 1, description = "composite")
            @ChangeColumnType(table = "pairs", column = "a",
                type = "bigint") // <-
            class Composite {}
            """,
            "composite primary key"),
        error(
            Message.TYPE_CHANGE_FOREIGN_KEY,
            """
            @Migration(id = 1, description = "orders")
            @CreateTable(name = "orders", columns = {
                @Column(name = "id", type = "integer", primaryKey = true)})
            @CreateTable(name = "order_lines", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "order_id", type = "integer", notNull = true)})
            @AddForeignKey(table = "order_lines", name = "order_lines_order_fk",
                columns = "order_id", references = "orders")
            class Orders {}
            @Migration(id = 2, description = "wider order key")
            @ChangeColumnType(table = "orders",
                column = "id", // <-
                type = "bigint")
            class WiderKey {}
            """,
            "referenced by foreign key \"order_lines_order_fk\" of table \"order_lines\", whose"
                + " column \"order_id\" must widen with it in the same migration (the contract"
                + " re-creates the foreign key against the swapped key, and a narrower column could"
                + " not hold the new keys); add @ChangeColumnType(table = \"order_lines\", column"
                + " = \"order_id\", type = \"bigint\") to migration 2"),
        error(
            Message.TYPE_CHANGE_FOREIGN_KEY,
            """
            @Migration(id = 1, description = "orders")
            @CreateTable(name = "orders", columns = {
                @Column(name = "id", type = "smallint", primaryKey = true)})
            @CreateTable(name = "order_lines", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "order_id", type = "smallint", notNull = true)})
            @AddForeignKey(table = "order_lines", name = "order_lines_order_fk",
                columns = "order_id", references = "orders", referencedColumns = "id")
            class Orders {}
            @Migration(id = 2, description = "wider order key")
            @ChangeColumnType(table = "order_lines", column = "order_id", type = "integer")
            @ChangeColumnType(table = "orders",
                column = "id", // <-
                type = "bigint")
            class WiderKey {}
            """,
            "(it declares type integer); add @ChangeColumnType(table = \"order_lines\", column ="
                + " \"order_id\", type = \"bigint\")"),
        error(
            Message.NOT_A_MIGRATION,
            """
            @Procedure(name = "count_jobs", version = 1, returns = "bigint", // <-
                language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
            class NoMigration {}
            """,
            "@Procedure is on NoMigration"),
        // Nullability and defaults of existing columns.
        error(
            Message.SET_NOT_NULL_WITHOUT_UP,
            """
            @Migration(id = 1, description = "note")
            @AddColumn(table = "jobs", column = "note", type = "text", defaultValue = "'none'")
            class Note {}
            @Migration(id = 2, description = "required")
            @SetNotNull(table = "jobs", column = "note") // <-
            class Required {}
            """,
            "needs up, the value for a row where the column holds NULL: old code was built on a"
                + " nullable column, and its writes of NULL would fail the new check from expand"
                + " on (the sync trigger gives them up), as would validating the rows that already"
                + " hold NULL (the backfill gives them up); e.g. its default, up = \"'none'\""),
        error(
            Message.NULLABLE_WITHOUT_DOWN,
            """
            @Migration(id = 1, description = "optional")
            @DropNotNull(table = "jobs", column = "queue") // <-
            class Optional {}
            """,
            "@DropNotNull of column \"queue\" of table \"jobs\" needs down"),
        error(
            Message.NOTHING_TO_CHANGE,
            """
            @Migration(id = 1, description = "required")
            @SetNotNull(table = "jobs",
                column = "status", up = "'todo'") // <-
            class Required {}
            """,
            "column \"status\" of table \"jobs\" is already NOT NULL at migration 1, so"
                + " @SetNotNull changes nothing (if the live column differs, declare it as it is"
                + " in the table's @ExistingTable)"),
        error(
            Message.NOTHING_TO_CHANGE,
            """
            @Migration(id = 1, description = "no default")
            @DropDefault(table = "jobs",
                column = "status") // <-
            class NoDefault {}
            """,
            "has no default at migration 1, so @DropDefault changes nothing"),
        error(
            Message.NOTHING_TO_CHANGE,
            """
            @Migration(id = 1, description = "queues")
            @CreateTable(name = "queues", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "note", type = "text") })
            class Queues {}
            @Migration(id = 2, description = "optional")
            @DropNotNull(table = "queues",
                column = "note", down = "''") // <-
            class Optional {}
            """,
            "column \"note\" of table \"queues\" may already hold NULL at migration 2, so"
                + " @DropNotNull changes nothing"),
        error(
            Message.PRIMARY_KEY_NULLABLE,
            """
            @Migration(id = 1, description = "optional id")
            @DropNotNull(table = "jobs",
                column = "id", down = "0") // <-
            class OptionalId {}
            """,
            "part of the primary key of table \"jobs\""),
        error(
            Message.UNKNOWN_COLUMN,
            """
            @Migration(id = 1, description = "typo")
            @SetDefault(table = "jobs",
                column = "staus", defaultValue = "'todo'") // <-
            class Typo {}
            """,
            "table \"jobs\" has no column \"staus\" at migration 1 (did you mean \"status\"?)"),
        error(
            Message.UNKNOWN_TABLE,
            """
            @Migration(id = 1, description = "typo")
            @SetNotNull(table = "jbos", column = "queue", up = "''") // <-
            class Typo {}
            """,
            "(did you mean \"jobs\"?)"),
        error(
            Message.EXPRESSION_UNKNOWN_COLUMN,
            """
            @Migration(id = 1, description = "queues")
            @CreateTable(name = "queues", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "name", type = "text"),
                @Column(name = "title", type = "text") })
            class Queues {}
            @Migration(id = 2, description = "required")
            @SetNotNull(table = "queues", column = "title",
                up = "initcap(nmae)") // <-
            class Required {}
            """,
            "up reads \"nmae\", but table \"queues\" has no such column at migration 2 (did you"
                + " mean \"name\"?)"),
        error(
            Message.CONFLICTING_OPERATIONS,
            """
            @Migration(id = 1, description = "both")
            @DropColumn(table = "jobs", column = "legacy_flags", down = "'{}'")
            @DropDefault(table = "jobs",
                column = "legacy_flags") // <-
            class Both {}
            """,
            "already changed by @DropColumn in migration 1"),
        error(
            Message.UNKNOWN_COLUMN,
            """
            @Migration(id = 1, description = "typo")
            @Comment(table = "jobs",
                column = "qeue", text = "the queue") // <-
            class Typo {}
            """,
            "(did you mean \"queue\"?)"),
        error(
            Message.COLUMN_GONE,
            """
            @Migration(id = 1, description = "drop")
            @DropColumn(table = "jobs", column = "legacy_flags", down = "'{}'")
            @Comment(table = "jobs",
                column = "legacy_flags", text = "going") // <-
            class Drop {}
            """,
            "dropped by migration 1"),
        // Identity columns.
        error(
            Message.IDENTITY_TYPE,
            """
            @Migration(id = 1, description = "counters")
            @CreateTable(name = "counters", columns = {
                @Column(name = "id", type = "text", primaryKey = true,
                    identity = Column.Identity.ALWAYS) }) // <-
            class Counters {}
            """,
            "column \"id\" is text, but an identity column is smallint, integer or bigint"),
        error(
            Message.IDENTITY_WITH_DEFAULT,
            """
            @Migration(id = 1, description = "counters")
            @CreateTable(name = "counters", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true,
                    identity = Column.Identity.BY_DEFAULT,
                    defaultValue = "0") }) // <-
            class Counters {}
            """,
            "give no defaultValue"),
        error(
            Message.IDENTITY_COLUMN_CHANGE,
            """
            @Migration(id = 1, description = "counters")
            @CreateTable(name = "counters", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "seq", type = "bigint", identity = Column.Identity.ALWAYS) })
            class Counters {}
            @Migration(id = 2, description = "default")
            @SetDefault(table = "counters",
                column = "seq", defaultValue = "0") // <-
            class Default {}
            """,
            "column \"seq\" of table \"counters\" is an identity column (GENERATED ALWAYS AS"
                + " IDENTITY): its sequence gives its values"),
        error(
            Message.IDENTITY_COLUMN_CHANGE,
            """
            @Migration(id = 1, description = "counters")
            @CreateTable(name = "counters", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "seq", type = "bigint", identity = Column.Identity.BY_DEFAULT) })
            class Counters {}
            @Migration(id = 2, description = "renamed")
            @RenameColumn(table = "counters",
                from = "seq", to = "position") // <-
            class Renamed {}
            """,
            "(GENERATED BY DEFAULT AS IDENTITY): a rename copies the column"),
        error(
            Message.NOTHING_TO_CHANGE,
            """
            @Migration(id = 1, description = "counters")
            @CreateTable(name = "counters", columns = {
                @Column(name = "id", type = "bigint", primaryKey = true),
                @Column(name = "seq", type = "bigint", identity = Column.Identity.ALWAYS) })
            class Counters {}
            @Migration(id = 2, description = "required")
            @SetNotNull(table = "counters",
                column = "seq", up = "0") // <-
            class Required {}
            """,
            "is already NOT NULL at migration 2"));
  }

  private static Arguments error(Message message, String body, String detail) {
    return Arguments.of(message.id(), body, detail);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource({
    "cases",
    "dev.straddle.processor.ConstraintErrorCases#cases",
    "dev.straddle.processor.IndexErrorCases#cases",
    "dev.straddle.processor.EnumErrorCases#cases",
    "dev.straddle.processor.PartitionErrorCases#cases",
    "dev.straddle.processor.TriggerErrorCases#cases",
    "dev.straddle.processor.TableErrorCases#cases"
  })
  void reportsTheErrorAtTheAttribute(String id, String body, String detail) {
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    Compilation compilation = compile(source);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[" + id + "]")
        .inFile(source)
        .onLine(markedLine(HEADER + body));
    assertThat(compilation).hadErrorContaining(detail);
    assertNothingGenerated(source);
  }

  @Test
  void everyMessageOfTheCatalogueIsTested() {
    Set<String> tested =
        Stream.of(
                cases(),
                ConstraintErrorCases.cases(),
                IndexErrorCases.cases(),
                EnumErrorCases.cases(),
                PartitionErrorCases.cases(),
                TriggerErrorCases.cases(),
                TableErrorCases.cases())
            .flatMap(s -> s)
            .map(a -> (String) a.get()[0])
            .collect(Collectors.toCollection(java.util.HashSet::new));
    // LATE_ROUND needs a second processor (ProcessorBehaviourTest); WRITE_FAILED a broken Filer.
    Set<Message> untested = EnumSet.of(Message.LATE_ROUND, Message.WRITE_FAILED);
    for (Message message : Message.values()) {
      assertTrue(
          tested.contains(message.id()) || untested.contains(message),
          message.id() + " has no test case");
    }
  }

  @Test
  void aDuplicateIdAlsoPointsAtTheFirstUse() {
    String body =
        """
        @Migration(id = 1, description = "first")
        @AlterColumn(table = "jobs", column = "status", up = "status")
        class First {}
        @Migration(id = 1, description = "second")
        @AlterColumn(table = "jobs", column = "queue", up = "queue")
        class Second {}
        """;
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadNoteContaining("[StraddleDuplicateMigrationId] migration id 1 is first used here")
        .inFile(source)
        .onLine(3);
  }

  @Test
  void threeErrorsAreReportedTogetherEachOnItsLine() {
    String body =
        """
        @Migration(id = 3, description = "three mistakes")
        @AddColumn(table = "jobs", column = "Priority", type = "int")
        @DropColumn(table = "jobs", column = "qeue")
        @AlterColumn(table = "jobs", column = "status")
        class ThreeMistakes {}
        """;
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    Compilation compilation = compile(source);

    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("[StraddleInvalidIdentifier]")
        .inFile(source)
        .onLine(4);
    assertThat(compilation).hadErrorContaining("[StraddleUnknownColumn]").inFile(source).onLine(5);
    assertThat(compilation)
        .hadErrorContaining("[StraddleAlterWithoutExpression]")
        .inFile(source)
        .onLine(6);
    List<Long> lines =
        compilation.errors().stream().map(Diagnostic::getLineNumber).distinct().toList();
    assertEquals(3, lines.size());
    assertNothingGenerated(source);
  }

  @Test
  void procedureBodiesWithCtesFunctionsVariablesAndUnmanagedTablesCompile() {
    String body =
        """
        @Migration(id = 1, description = "rename")
        @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
        @Procedure(name = "fetch_job", version = 1,
            arguments = "queue text, OUT fetched bigint", returns = "bigint",
            body = \"""
                DECLARE
                  ids bigint[];
                BEGIN
                  WITH picked AS (
                    SELECT id FROM jobs WHERE queue_name = queue LIMIT 1 FOR UPDATE SKIP LOCKED)
                  SELECT array_agg(id) INTO ids FROM picked;
                  SELECT extract(epoch FROM now())::bigint INTO fetched;
                  -- the queue column is gone: a comment may say so
                  PERFORM 1 FROM generate_series(1, 2) JOIN audit_log ON true
                    WHERE 'queue' <> '';
                  SELECT ids[1] INTO fetched FROM unnest(ids) AS u(x);
                END
                \""")
        class Fine {}
        """;
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  /**
   * Expressions that read only real columns, and every other kind of word an expression holds (key
   * words, functions, types, fields, literals' types, named arguments, subqueries' tables): they
   * must compile, since a false error breaks a user's build.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "qty > 0",
        "CASE WHEN qty > 0 THEN 'yes' ELSE 'no' END",
        "extract(epoch from created_at)::text",
        "EXTRACT (dow FROM created_at)",
        "created_at AT TIME ZONE 'UTC'",
        "position('a' in name)::text",
        "substring(name from 1 for 2)",
        "trim(both ' ' from name)",
        "trim(leading 'x' from name)",
        "overlay(name placing 'x' from 1 for 1)",
        "cast(qty as text)",
        "CAST(qty AS double precision)",
        "coalesce(name, 'none')",
        "name IS NOT NULL AND qty BETWEEN 1 AND 10",
        "qty IN (1, 2, 3) OR qty NOT IN (4)",
        "name LIKE 'a%' OR name ILIKE 'b%' OR name SIMILAR TO 'c%'",
        "name IS DISTINCT FROM 'x'",
        "CURRENT_DATE::text",
        "CURRENT_TIMESTAMP - created_at > INTERVAL '1 day'",
        "localtimestamp::text || current_user || session_user",
        "date '2024-01-01' < created_at",
        "timestamptz '2024-01-01 00:00+00' < created_at",
        "created_at + interval '1' day * qty",
        "to_char(created_at, 'YYYY')",
        "data->>'key'",
        "data ? 'key'",
        "tags[1]",
        "array_to_string(tags, ',')",
        "ARRAY['a', name]::text",
        "qty::double precision::text",
        "name::character varying(10)",
        "created_at::timestamp with time zone::text",
        "(SELECT max(o.qty) FROM other_items o WHERE o.ref = id)::text",
        "EXISTS (SELECT 1 FROM other_items WHERE other_items.id = items.id)",
        "make_interval(days => qty)::text",
        "name COLLATE \"C\"",
        "name COLLATE ucs_basic",
        "lower(name) = upper (name)",
        "NOT (qty > 0)",
        "\"qty\" + 1",
        "U&'d\\0061t' || name",
        "B'101'::text || X'1F'::text",
        "normalize(name, NFC)",
        "xmlelement(name foo, name)::text",
        "gen_random_uuid()::text",
        "nullif(name, '')",
        "greatest(qty, 0)::text",
        "current_setting('app.x', true)",
        "E'a\\'b' || name",
        "$$x$$ || name || $t$y$t$",
        "qty % 2 = 0 AND name ~ '^a'",
        "row(qty, name)::text",
        "json_build_object('q', qty)::text",
        "pg_catalog.lower(name)",
        "qty::numeric(10, 2)::text",
        "/* reads qtty */ name",
        "price * qty",
        "1e3 * qty",
        "TRUE AND NOT FALSE IS NOT NULL",
        "flag",
      })
  void expressionsThatReadRealColumnsCompile(String expression) {
    String body =
        """
        @Migration(id = 1, description = "items")
        @CreateTable(name = "items", columns = {
            @Column(name = "id", type = "bigint", primaryKey = true),
            @Column(name = "qty", type = "integer"),
            @Column(name = "name", type = "text"),
            @Column(name = "created_at", type = "timestamptz"),
            @Column(name = "tags", type = "text[]"),
            @Column(name = "data", type = "jsonb"),
            @Column(name = "price", type = "numeric(10, 2)") })
        class Items {}
        @Migration(id = 2, description = "derived")
        @AddColumn(table = "items", column = "flag", type = "text", up = "EXPRESSION")
        @AlterColumn(table = "items", column = "name", down = "EXPRESSION")
        @CreateIndex(table = "items", name = "items_idx", columns = "qty", where = "EXPRESSION")
        class Derived {}
        """
            .replace("EXPRESSION", expression.replace("\\", "\\\\").replace("\"", "\\\""));
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  /** Type names in every form PostgreSQL spells them: they must compile. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "text",
        "bigserial",
        "double precision",
        "character varying(255)",
        "CHARACTER VARYING (255)",
        "varchar(20)[]",
        "national character varying(5)",
        "char(3)",
        "bit varying(8)",
        "bit(3)",
        "numeric(10, 2)",
        "numeric(10, -2)",
        "timestamp(3) with time zone",
        "timestamp without time zone",
        "time(6) with time zone",
        "interval",
        "interval(3)",
        "interval day to second",
        "interval second(3)",
        "interval year to month",
        "int[]",
        "int[][]",
        "integer[3]",
        "integer ARRAY",
        "integer ARRAY[4]",
        "public.mood",
        "\"char\"",
        "pg_catalog.\"char\"",
        "geometry(Point, 4326)",
      })
  void typeNamesCompile(String type) {
    String body =
        """
        @Migration(id = 1, description = "add")
        @AddColumn(table = "jobs", column = "extra", type = "TYPE")
        class Add {}
        """
            .replace("TYPE", type.replace("\"", "\\\""));
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  /** What may follow a type in a column definition, but is not a type: each is refused. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "varchar(255) CHECK (length(name) > 3)",
        "text NOT NULL",
        "text NULL",
        "int DEFAULT 0",
        "text COLLATE \"C\"",
        "int REFERENCES queues(id)",
        "int PRIMARY KEY",
        "int UNIQUE",
        "int CONSTRAINT positive CHECK (extra > 0)",
        "(int)",
        "int + 1",
        "timestamp with zone",
        "interval day to",
        "numeric(10, 2",
        "text[",
      })
  void whatIsNotATypeIsRefused(String type) {
    String body =
        """
        @Migration(id = 1, description = "add")
        @AddColumn(table = "jobs", column = "extra",
            type = "TYPE") // <-
        class Add {}
        """
            .replace("TYPE", type.replace("\"", "\\\""));
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[" + Message.INVALID_TYPE.id() + "]")
        .inFile(source)
        .onLine(markedLine(HEADER + body));
  }

  /**
   * An identity column is not a type: in a new table it is refused as such (the table would work,
   * but nothing else in Straddle knows the column is generated); added to an existing table it gets
   * only the error that says what to declare instead.
   */
  @Test
  void anIdentityTypeIsRefusedOnceWhereverItIsWritten() {
    String body =
        """
        @Migration(id = 1, description = "create")
        @CreateTable(name = "counters", columns = {
            @Column(name = "id", type = "bigint GENERATED ALWAYS AS IDENTITY", // <-
                primaryKey = true) })
        class Create {}
        """;
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[" + Message.INVALID_TYPE.id() + "]")
        .inFile(source)
        .onLine(markedLine(HEADER + body));
    assertThat(compilation).hadErrorContaining("identity column is not a type");
    assertThat(compilation).hadErrorContaining("identity = Column.Identity.ALWAYS");

    String added =
        """
        @Migration(id = 1, description = "number")
        @AddColumn(table = "jobs", column = "seq",
            type = "bigint GENERATED BY DEFAULT AS IDENTITY") // <-
        class Number {}
        """;
    JavaFileObject addSource = JavaFileObjects.forSourceString("test.Case", HEADER + added);
    Compilation addCompilation = compile(addSource);
    assertThat(addCompilation).hadErrorCount(1);
    assertThat(addCompilation)
        .hadErrorContaining("[" + Message.GENERATED_COLUMN_ADDED.id() + "]")
        .inFile(addSource)
        .onLine(markedLine(HEADER + added));
  }

  @Test
  void aVersionThatCallsTheVersionItReplacesIsRefused() {
    String body =
        """
        @Migration(id = 1, description = "helper")
        @Procedure(name = "helper", version = 1, returns = "bigint",
            language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
        class Helper1 {}
        @Migration(id = 2, description = "helper 2")
        @Procedure(name = "helper", version = 2, returns = "bigint",
            language = Procedure.Language.SQL,
            body = "SELECT helper_v1() + 1") // <-
        class Helper2 {}
        """;
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("a version cannot call the one it replaces")
        .inFile(source)
        .onLine(markedLine(HEADER + body));
  }

  @Test
  void anInvalidVersionCausesNoFollowUpErrors() {
    String body =
        """
        @Migration(id = 1, description = "count")
        @Procedure(name = "count_jobs", version = 1, returns = "bigint",
            language = Procedure.Language.SQL,
            body = "SELECT count(*) FROM jobs WHERE queue = 'mail'")
        class Count {}
        @Migration(id = 2, description = "rename")
        @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
        @Procedure(name = "count_jobs", version = 2, returns = "bigint",
            language = Procedure.Language.SQL,
            body = "SELECT count(*) FROM jobs WHERE queue = 'mail'")
        class Rename {}
        @Migration(id = 3, description = "again")
        @Procedure(name = "count_jobs", version = 3, returns = "bigint",
            language = Procedure.Language.SQL,
            body = "SELECT count(*) FROM jobs WHERE queue_name = 'mail'")
        class Again {}
        """;
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[StraddleProcedureGoneColumn]")
        .inFile(source)
        .onLine(12);
  }

  @Test
  void aMigrationMayHoldOnlyAProcedureVersion() {
    String body =
        """
        @Migration(id = 1, description = "count")
        @Procedure(name = "count_jobs", version = 1, returns = "bigint",
            language = Procedure.Language.SQL, body = "SELECT count(*) FROM jobs")
        class Count {}
        @Migration(id = 2, description = "count by status")
        @Procedure(name = "count_jobs", version = 2, arguments = "wanted text", returns = "bigint",
            language = Procedure.Language.SQL,
            body = "SELECT count(*) FROM jobs WHERE status = wanted")
        class CountByStatus {}
        """;
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.Procedures")
        .contentsAsUtf8String()
        .contains("COUNT_JOBS_CALL = \"SELECT * FROM count_jobs_v2(?)\"");
  }

  /**
   * A type created by the migration comes first in its expand transaction whatever the declaration
   * order, and a column may have it; a default of the type may use a label the same migration adds
   * (committed before the transaction).
   */
  @Test
  void anEnumTypeIsCreatedBeforeTheColumnsOfItsMigrationThatHaveIt() {
    String body =
        """
        @Migration(id = 1, description = "moods")
        @AddColumn(table = "jobs", column = "mood", type = "mood", defaultValue = "'calm'")
        @CreateEnum(name = "mood", values = {"calm", "busy"})
        class Moods {}
        @Migration(id = 2, description = "tired")
        @AddEnumValue(type = "mood", value = "tired", before = "calm")
        @SetDefault(table = "jobs", column = "mood", defaultValue = "'tired'")
        class Tired {}
        """;
    JavaFileObject source = JavaFileObjects.forSourceString("test.Case", HEADER + body);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String expand =
        Examples.resource(compilation, "META-INF/straddle/1_moods/expand.sql").orElseThrow();
    int create = expand.indexOf("CREATE TYPE \"mood\" AS ENUM ('calm', 'busy')");
    assertTrue(create >= 0 && create < expand.indexOf("ADD COLUMN \"mood\" mood"), expand);
    String tired =
        Examples.resource(compilation, "META-INF/straddle/2_tired/expand.sql").orElseThrow();
    int add = tired.indexOf("ALTER TYPE \"mood\" ADD VALUE IF NOT EXISTS 'tired' BEFORE 'calm'");
    assertTrue(add >= 0 && add < tired.indexOf("BEGIN;"), tired);
  }

  private static Compilation compile(JavaFileObject source) {
    return javac()
        .withProcessors(new StraddleProcessor())
        .compile(JavaFileObjects.forResource("examples/com/example/jobs/Baseline.java"), source);
  }

  /** Compiles again, recording what the processor asks the Filer for: nothing at all. */
  private static void assertNothingGenerated(JavaFileObject source) {
    RecordingProcessor recording = new RecordingProcessor();
    Compilation compilation =
        javac()
            .withProcessors(recording)
            .compile(
                JavaFileObjects.forResource("examples/com/example/jobs/Baseline.java"), source);
    assertThat(compilation).failed();
    assertEquals(List.of(), recording.created);
  }

  private static int markedLine(String source) {
    List<String> lines = Arrays.asList(source.split("\n", -1));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("// <-")) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("no // <- marker in\n" + source);
  }
}
