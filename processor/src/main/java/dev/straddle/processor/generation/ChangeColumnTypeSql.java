package dev.straddle.processor.generation;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.NotNullCheck;
import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.TypeWidening;
import dev.straddle.processor.model.TypeWidening.Path;
import dev.straddle.processor.reading.ChangeColumnTypeDecl;
import java.util.List;

/**
 * {@code @ChangeColumnType} (docs/ARCHITECTURE.md, "Column type changes"). A {@link Path#CATALOG}
 * widening is one {@code ALTER COLUMN ... TYPE} at expand. A {@link Path#SHADOW} widening:
 *
 * <ul>
 *   <li>expand: a guard that refuses the change when anything the swap would drop depends on the
 *       column (a foreign key referencing it, an index, a view, a constraint other than its own
 *       single-column primary key), the shadow column (nullable, no default) and, for a NOT NULL
 *       column, a {@code CHECK (shadow IS NOT NULL) NOT VALID};
 *   <li>sync: {@code shadow := column} for writers of both releases; the backfill fills the rest;
 *   <li>backfill, for a primary key: the shadow's unique index, built concurrently;
 *   <li>contract: the check validated outside the transaction, then in one short transaction the
 *       guard again, the serial sequence moved to the shadow (and widened), the column dropped, the
 *       shadow renamed to the column's name, NOT NULL set from the valid check, the default moved,
 *       the primary key re-added with {@code USING INDEX}.
 * </ul>
 */
public final class ChangeColumnTypeSql implements OperationSql<ChangeColumnTypeDecl> {

  /** The shadow column beside {@code column} while the change is in flight. */
  public static String shadowName(String column) {
    return Identifiers.fit(column + "_straddle_new");
  }

  static String indexName(TableName table, String column) {
    return Identifiers.fit(table.name() + "_" + column + "_straddle_key");
  }

  @Override
  public void contribute(ChangeColumnTypeDecl change, ResolvedOperation op, MigrationPieces out) {
    ColumnModel from = op.subject();
    TableName table = op.table();
    String column = change.column();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    out.expect(SchemaExpectation.columnExists(table.toString(), column, from.type()));
    if (TypeWidening.of(from.type(), change.type()) == Path.CATALOG) {
      out.expand(
          ColumnSql.alter(
              table, "ALTER COLUMN " + Identifiers.quote(column) + " TYPE " + change.type()));
      return;
    }
    String shadow = shadowName(column);
    boolean notNull = from.notNull() || from.primaryKey();
    out.expect(SchemaExpectation.columnAbsent(table.toString(), shadow));
    out.expand(guard(table, column, from.primaryKey()));
    out.expand(ColumnSql.addColumn(table, shadow, change.type(), ""));
    if (notNull) {
      out.expand(NotNullCheck.add(table, shadow));
    }
    // Both releases write the column under its old type: every writer's value reaches the shadow.
    out.fragment(table, Direction.UP, shadow, Identifiers.quote(column));
    out.fragment(table, Direction.DOWN, shadow, Identifiers.quote(column));
    String index = indexName(table, column);
    if (from.primaryKey()) {
      out.index(
          new IndexBuild(
              table.toString(), index, IndexSql.create(table, index, List.of(shadow), true, "")));
    }
    String check = Identifiers.quote(NotNullCheck.constraintName(table, shadow));
    if (notNull) {
      out.contract(
          SqlStatement.outsideTransaction(
              "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + check));
    }
    out.contract(guard(table, column, from.primaryKey()));
    if (SqlExpression.of(from.defaultValue()).functionCalls().contains("nextval")) {
      out.contract(moveSequence(table, column, shadow, change.type()));
    }
    out.contract(ColumnSql.dropColumn(table, column));
    out.contract(
        ColumnSql.alter(
            table,
            "RENAME COLUMN " + Identifiers.quote(shadow) + " TO " + Identifiers.quote(column)));
    if (notNull) {
      out.contract(
          ColumnSql.alter(table, "ALTER COLUMN " + Identifiers.quote(column) + " SET NOT NULL"));
      out.contract(ColumnSql.alter(table, "DROP CONSTRAINT " + check));
    }
    if (from.hasDefault()) {
      out.contract(ColumnSql.setDefault(table, column, from.defaultValue()));
    }
    if (from.primaryKey()) {
      out.contract(
          ColumnSql.alter(
              table,
              "ADD CONSTRAINT "
                  + Identifiers.quote(Identifiers.fit(table.name() + "_pkey"))
                  + " PRIMARY KEY USING INDEX "
                  + Identifiers.quote(index)));
    }
    out.columns(table, op.columns());
  }

  /**
   * Refuses the change (an error, so the phase's transaction rolls back) when something the swap
   * would silently drop with the old column depends on it: its default, a sequence it owns and
   * (when {@code key}) its own single-column primary key are carried over; anything else is not.
   */
  static SqlStatement guard(TableName table, String column, boolean key) {
    String tableText = Identifiers.literal(table.sql());
    return SqlStatement.inTransaction(
        "DO $straddle$\n"
            + "DECLARE\n"
            + "  dependents text;\n"
            + "BEGIN\n"
            + "  SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid), ', ')\n"
            + "    INTO dependents\n"
            + "    FROM pg_depend d\n"
            + "    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid\n"
            + "   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = "
            + tableText
            + "::regclass\n"
            + "     AND a.attname = "
            + Identifiers.literal(column)
            + "\n"
            + "     AND d.classid <> 'pg_attrdef'::regclass\n"
            + "     AND NOT EXISTS (SELECT 1 FROM pg_class s WHERE d.classid = 'pg_class'::regclass\n"
            + "                     AND s.oid = d.objid AND s.relkind = 'S')"
            + (key
                ? "\n     AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
                    + " WHERE d.classid = 'pg_constraint'::regclass\n"
                    + "                     AND c.oid = d.objid AND c.contype = 'p'"
                    + " AND c.conrelid = d.refobjid\n"
                    + "                     AND cardinality(c.conkey) = 1)"
                : "")
            + ";\n"
            + "  IF dependents IS NULL THEN\n"
            + "    SELECT CASE WHEN attidentity <> '' THEN 'its identity sequence'\n"
            + "                WHEN attgenerated <> '' THEN 'its generation expression' END\n"
            + "      INTO dependents\n"
            + "      FROM pg_attribute WHERE attrelid = "
            + tableText
            + "::regclass AND attname = "
            + Identifiers.literal(column)
            + ";\n"
            + "  END IF;\n"
            + "  IF dependents IS NOT NULL THEN\n"
            + "    RAISE EXCEPTION 'column %.% cannot change its type in place: % depend(s) on it',\n"
            + "      "
            + tableText
            + ", "
            + Identifiers.literal(column)
            + ", dependents\n"
            + "      USING HINT = 'a swap would drop them with the old column; see"
            + " docs/ARCHITECTURE.md, \"Column type changes\"';\n"
            + "  END IF;\n"
            + "END\n"
            + "$straddle$");
  }

  /**
   * A serial's sequence is owned by the old column and would be dropped with it: it goes to the
   * shadow first, and is widened to an integer target type (a serial's sequence stops at its type).
   */
  static SqlStatement moveSequence(TableName table, String column, String shadow, String type) {
    String tableText = Identifiers.literal(table.sql());
    String widen =
        TypeWidening.integer(type)
            ? "    EXECUTE format('ALTER SEQUENCE %s AS " + type.trim() + "', owned);\n"
            : "";
    return SqlStatement.inTransaction(
        "DO $straddle$\nDECLARE\n  owned text := pg_get_serial_sequence("
            + tableText
            + ", "
            + Identifiers.literal(column)
            + ");\nBEGIN\n  IF owned IS NOT NULL THEN\n"
            + "    EXECUTE format('ALTER SEQUENCE %s OWNED BY %s.%I', owned, "
            + tableText
            + ", "
            + Identifiers.literal(shadow)
            + ");\n"
            + widen
            + "  END IF;\nEND\n$straddle$");
  }
}
