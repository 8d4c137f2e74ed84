package dev.straddle.processor.generation;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.NotNullCheck;
import dev.straddle.plan.sql.ShadowIndexes;
import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.TypeWidening;
import dev.straddle.processor.model.TypeWidening.Path;
import dev.straddle.processor.reading.ChangeColumnTypeDecl;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code @ChangeColumnType} (docs/ARCHITECTURE.md, "Column type changes"). A {@link Path#CATALOG}
 * widening is one {@code ALTER COLUMN ... TYPE} at expand. A {@link Path#SHADOW} widening:
 *
 * <ul>
 *   <li>expand: a guard that refuses the change when anything the swap would drop depends on the
 *       column (a view, an index of a partitioned table or backing a constraint, a constraint other
 *       than its own single-column primary key and the single-column foreign keys the swap
 *       re-creates: those on the column, and those referencing it whose column the migration widens
 *       too), the shadow column (nullable, no default) and, for a NOT NULL column, a {@code CHECK
 *       (shadow IS NOT NULL) NOT VALID};
 *   <li>sync: {@code shadow := column} for writers of both releases; the backfill fills the rest;
 *   <li>backfill, for a primary key: the shadow's unique index, built concurrently; then the
 *       column's plain indexes built again on the shadow ({@link IndexBuild#copies}, definitions
 *       from the catalog at run time);
 *   <li>contract: the check validated outside the transaction, then in one short transaction the
 *       guard again, the foreign keys on or referencing the column saved (in a transaction-local
 *       setting) and dropped, the column's plain indexes dropped and their copies renamed to their
 *       names, the serial sequence moved to the shadow (and widened), the column dropped, the
 *       shadow renamed to the column's name, NOT NULL set from the valid check, the default moved,
 *       the primary key re-added with {@code USING INDEX}; at the end of the transaction, once
 *       every swap of the migration is done, the saved foreign keys re-added {@code NOT VALID};
 *       after the transaction, outside it, those foreign keys validated.
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

  /** The transaction-local setting that carries the dropped foreign keys to their re-creation. */
  static final String SAVED_FOREIGN_KEYS = "straddle.foreign_keys";

  @Override
  public void declare(ChangeColumnTypeDecl change, ResolvedOperation op, MigrationPieces out) {
    if (TypeWidening.of(op.subject().type(), change.type()) == Path.SHADOW) {
      out.swap(op.table(), change.column());
    }
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
      // The inverse narrows it back, so that the migration's drift check (the old type) holds
      // when it is applied again: a rewrite under ACCESS EXCLUSIVE (text to varchar without a
      // length excepted), refused by PostgreSQL when a value written since no longer fits.
      out.undo(
          ColumnSql.alter(
              table, "ALTER COLUMN " + Identifiers.quote(column) + " TYPE " + from.type()));
      out.undoLeaves(
          "narrowing "
              + table
              + "."
              + column
              + " back to "
              + from.type()
              + " rewrites the table under an ACCESS EXCLUSIVE lock (text to varchar without a"
              + " length excepted) and fails, changing nothing, if a value written since does not"
              + " fit");
      return;
    }
    String shadow = shadowName(column);
    boolean notNull = from.notNull() || from.primaryKey();
    out.expect(SchemaExpectation.columnAbsent(table.toString(), shadow));
    SqlStatement guard = guard(table, column, from.primaryKey(), change.type(), out.swapped());
    out.expand(guard);
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
    out.index(IndexBuild.copies(table.toString(), column, shadow));
    String check = Identifiers.quote(NotNullCheck.constraintName(table, shadow));
    if (notNull) {
      out.contract(
          SqlStatement.outsideTransaction(
              "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + check));
    }
    out.contract(guard);
    out.contract(dropForeignKeys(table, column));
    out.contract(swapIndexes(table, column));
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
    out.contractLast(RESTORE_FOREIGN_KEYS);
    out.contract(validateForeignKeys(table, column));
    out.columns(table, op.columns());
    // The inverse: the shadow goes, and with it its NOT NULL check and every index built on it at
    // backfill (the key's unique index, the copies); the column itself was never touched.
    out.undo(RenameColumnSql.dropColumnIfExists(table, shadow));
  }

  /**
   * Refuses the change (an error, so the phase's transaction rolls back) when something the swap
   * would silently drop with the old column depends on it: its default, a sequence it owns and
   * (when {@code key}) its own single-column primary key are carried over, and so are the valid
   * single-column foreign keys on the column and those referencing it from a column in {@code
   * swapped} (re-created against the new column); anything else is not. A foreign key referencing
   * it from a column the migration does not widen is named with the declaration to add.
   */
  static SqlStatement guard(
      TableName table,
      String column,
      boolean key,
      String type,
      List<MigrationPieces.Swapped> swapped) {
    String tableText = Identifiers.literal(table.sql());
    String widened =
        swapped.stream()
            .map(
                s ->
                    "(to_regclass("
                        + Identifiers.literal(s.table().sql())
                        + "), "
                        + Identifiers.literal(s.column())
                        + ")")
            .collect(Collectors.joining(", "));
    return SqlStatement.inTransaction(
        "DO $straddle$\n"
            + "DECLARE\n"
            + "  dependents text;\n"
            + "BEGIN\n"
            + "  SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid)\n"
            + "         || CASE WHEN fk.oid IS NULL THEN ''\n"
            + "                 WHEN NOT fk.convalidated THEN ' (NOT VALID: validate it first)'\n"
            + "                 ELSE format(' (declare @ChangeColumnType(table = \"%s\", column ="
            + " \"%s\", type = \"%s\") in the same migration)', fk.conrelid::regclass,"
            + " fa.attname, "
            + Identifiers.literal(type.trim())
            + ") END, ', ')\n"
            + "    INTO dependents\n"
            + "    FROM pg_depend d\n"
            + "    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid\n"
            + "    LEFT JOIN pg_constraint fk ON d.classid = 'pg_constraint'::regclass"
            + " AND fk.oid = d.objid\n"
            + "                              AND fk.contype = 'f' AND cardinality(fk.conkey) = 1\n"
            + "    LEFT JOIN pg_attribute fa ON fa.attrelid = fk.conrelid"
            + " AND fa.attnum = fk.conkey[1]\n"
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
            + "\n     -- plain indexes of a plain table: copied to the shadow at backfill\n"
            + "     AND NOT EXISTS (SELECT 1 FROM pg_class ix JOIN pg_class t ON t.oid = d.refobjid\n"
            + "                     WHERE d.classid = 'pg_class'::regclass AND ix.oid = d.objid\n"
            + "                     AND ix.relkind = 'i' AND t.relkind = 'r')"
            + "\n     -- foreign keys the swap re-creates: on the column, or from a column widened"
            + " beside it\n"
            + "     AND NOT coalesce(fk.convalidated AND (\n"
            + "           (fk.conrelid = d.refobjid AND fk.conkey[1] = d.refobjsubid)\n"
            + "           OR (fk.conrelid::regclass, fa.attname::text) IN ("
            + widened
            + ")), false)"
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
   * In the contract transaction, before the column is dropped: each plain index on {@code column}
   * (the ones {@link ShadowIndexes#query} lists) is dropped and its copy on the shadow, built at
   * backfill, renamed to its name. An index without a valid copy (created after the backfill) fails
   * the transaction, naming it: the swap would drop it with the column.
   */
  static SqlStatement swapIndexes(TableName table, String column) {
    return SqlStatement.inTransaction(
        "DO $straddle$\n"
            + "DECLARE\n"
            + "  ix record;\n"
            + "BEGIN\n"
            + "  FOR ix IN\n"
            + ShadowIndexes.query(Identifiers.literal(table.sql()), Identifiers.literal(column))
                .replaceAll("(?m)^", "    ")
            + "\n  LOOP\n"
            + "    IF NOT coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid ="
            + " to_regclass(format('%I.%I', ix.nspname, ix.copy))), false) THEN\n"
            + "      RAISE EXCEPTION 'index %.% on column %.% has no valid copy %.% on the shadow"
            + " column (created after the backfill?)', ix.nspname, ix.relname, "
            + Identifiers.literal(table.sql())
            + ", "
            + Identifiers.literal(column)
            + ", ix.nspname, ix.copy\n"
            + "        USING HINT = 'the swap would drop it with the old column: drop it, or build"
            + " its copy; see docs/ARCHITECTURE.md, \"Column type changes\"';\n"
            + "    END IF;\n"
            + "    EXECUTE format('DROP INDEX %I.%I', ix.nspname, ix.relname);\n"
            + "    EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', ix.nspname, ix.copy,"
            + " ix.relname);\n"
            + "  END LOOP;\n"
            + "END\n"
            + "$straddle$");
  }

  /** The single-column foreign keys on {@code column} or referencing it, as a {@code WHERE}. */
  private static String foreignKeysOf(TableName table, String column) {
    return "      FROM pg_constraint c\n"
        + "      JOIN pg_attribute a ON a.attrelid = to_regclass("
        + Identifiers.literal(table.sql())
        + ") AND a.attname = "
        + Identifiers.literal(column)
        + "\n"
        + "     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1\n"
        + "       AND ((c.conrelid = a.attrelid AND c.conkey[1] = a.attnum)\n"
        + "         OR (c.confrelid = a.attrelid AND c.confkey[1] = a.attnum))";
  }

  /**
   * Saves the definitions of the foreign keys on {@code column} or referencing it in the
   * transaction-local setting {@value #SAVED_FOREIGN_KEYS} and drops them, so the swap drops no
   * constraint with the old column and {@link #RESTORE_FOREIGN_KEYS} re-creates them.
   */
  static SqlStatement dropForeignKeys(TableName table, String column) {
    return SqlStatement.inTransaction(
        "DO $straddle$\n"
            + "DECLARE\n"
            + "  fk record;\n"
            + "BEGIN\n"
            + "  FOR fk IN\n"
            + "    SELECT c.conrelid::regclass::text AS tbl, c.conname,"
            + " pg_get_constraintdef(c.oid) AS definition\n"
            + foreignKeysOf(table, column)
            + "\n     ORDER BY c.conrelid, c.conname\n"
            + "  LOOP\n"
            + "    PERFORM set_config('"
            + SAVED_FOREIGN_KEYS
            + "', (coalesce(nullif(current_setting('"
            + SAVED_FOREIGN_KEYS
            + "', true), ''), '[]')::jsonb\n"
            + "      || jsonb_build_array(to_jsonb(fk)))::text, true);\n"
            + "    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);\n"
            + "  END LOOP;\n"
            + "END\n"
            + "$straddle$");
  }

  /**
   * Re-creates the foreign keys the swaps of the migration dropped, {@code NOT VALID} (a catalog
   * change: the new rows are checked from now on, the old ones by the validation after the
   * transaction), against the columns as they are now.
   */
  static final SqlStatement RESTORE_FOREIGN_KEYS =
      SqlStatement.inTransaction(
          "DO $straddle$\n"
              + "DECLARE\n"
              + "  fk jsonb;\n"
              + "BEGIN\n"
              + "  -- the foreign keys the swaps above dropped, against the swapped columns\n"
              + "  FOR fk IN SELECT jsonb_array_elements(coalesce(nullif(current_setting('"
              + SAVED_FOREIGN_KEYS
              + "', true), ''), '[]')::jsonb)\n"
              + "  LOOP\n"
              + "    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID',\n"
              + "      fk->>'tbl', fk->>'conname', fk->>'definition');\n"
              + "  END LOOP;\n"
              + "  PERFORM set_config('"
              + SAVED_FOREIGN_KEYS
              + "', '', true);\n"
              + "END\n"
              + "$straddle$");

  /**
   * After the contract's transaction: validates the foreign keys on {@code column} or referencing
   * it that are not valid (the ones the transaction re-created: the guard refuses others). A scan
   * under SHARE UPDATE EXCLUSIVE (ROW SHARE on the referenced table), blocking no writes;
   * idempotent, so a rerun after a crash runs it again.
   */
  static SqlStatement validateForeignKeys(TableName table, String column) {
    return SqlStatement.afterTransaction(
        "DO $straddle$\n"
            + "DECLARE\n"
            + "  fk record;\n"
            + "BEGIN\n"
            + "  FOR fk IN\n"
            + "    SELECT c.conrelid::regclass::text AS tbl, c.conname\n"
            + foreignKeysOf(table, column)
            + "\n       AND NOT c.convalidated\n"
            + "     ORDER BY c.conrelid, c.conname\n"
            + "  LOOP\n"
            + "    EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', fk.tbl, fk.conname);\n"
            + "  END LOOP;\n"
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
