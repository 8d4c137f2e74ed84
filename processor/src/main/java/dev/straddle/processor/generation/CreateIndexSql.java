package dev.straddle.processor.generation;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.CreateIndexDecl;
import dev.straddle.processor.validation.IndexOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @CreateIndex}: built concurrently, outside any transaction, at the end of the migration's
 * backfill phase; nothing at expand or contract. The key is the columns, then the expressions (each
 * in parentheses), each followed by its operator class when one is given.
 */
public final class CreateIndexSql implements OperationSql<CreateIndexDecl> {

  @Override
  public void contribute(CreateIndexDecl index, ResolvedOperation op, MigrationPieces out) {
    TableName table = op.table();
    List<String> key = new ArrayList<>();
    index.columns().forEach(c -> key.add(Identifiers.quote(c)));
    index.expressions().forEach(e -> key.add("(" + e + ")"));
    for (int i = 0; i < index.opclass().size(); i++) {
      String opclass = index.opclass().get(i);
      if (!opclass.isEmpty()) {
        key.set(i, key.get(i) + " " + IndexOptions.opclass(opclass));
      }
    }
    IndexBuild build =
        new IndexBuild(
            table.toString(),
            index.name(),
            IndexSql.create(
                table,
                index.name(),
                index.unique(),
                index.method(),
                key,
                index.include(),
                IndexOptions.render(index.with()),
                index.where()));
    if (op.partitioned()) {
      out.partitionedIndex(build);
    } else {
      out.index(build);
    }
    CreateIndexSql.undo(table, index.name(), out);
  }

  /**
   * The inverse of an index the backfill builds, outside the rollback's transaction: on a
   * partitioned table (detected at run time, as the build does) the parent's index, which cannot be
   * dropped concurrently, is dropped in a short transaction of its own with the partitions'
   * attached indexes, and a partition's index the build left unattached ({@code
   * <index>_<partition>}, when that fits 63 bytes) too; then {@code DROP INDEX CONCURRENTLY IF
   * EXISTS}, which blocks no writes. Both idempotent.
   */
  static void undo(TableName table, String name, MigrationPieces out) {
    String index = Identifiers.literal(table.qualify(name));
    out.undo(
        SqlStatement.outsideTransaction(
            "DO $straddle$\n"
                + "DECLARE\n"
                + "  p record;\n"
                + "BEGIN\n"
                + "  -- a partitioned table's index cannot be dropped concurrently\n"
                + "  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass("
                + index
                + ")) = 'I' THEN\n"
                + "    EXECUTE format('DROP INDEX %s', "
                + index
                + ");\n"
                + "  END IF;\n"
                + "  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass("
                + Identifiers.literal(table.sql())
                + ")) = 'p' THEN\n"
                + "    FOR p IN SELECT n.nspname, c.relname FROM pg_partition_tree("
                + Identifiers.literal(table.sql())
                + ") t\n"
                + "        JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace\n"
                + "        WHERE t.level > 0 AND octet_length("
                + Identifiers.literal(name)
                + " || '_' || c.relname) <= 63\n"
                + "    LOOP\n"
                + "      EXECUTE format('DROP INDEX IF EXISTS %I.%I', p.nspname, "
                + Identifiers.literal(name)
                + " || '_' || p.relname);\n"
                + "    END LOOP;\n"
                + "  END IF;\n"
                + "END\n"
                + "$straddle$"));
    out.undo(SqlStatement.outsideTransaction(IndexSql.drop(table, name)));
  }
}
