package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.RenameTableDecl;

/**
 * {@code @RenameTable} (docs/ARCHITECTURE.md, "Tables"): at expand, a guard (no row level security,
 * which the view would bypass), the rename (catalog only), the view of the old name and the table's
 * grants copied onto it; at contract, the view dropped.
 */
public final class RenameTableSql implements OperationSql<RenameTableDecl> {

  @Override
  public void contribute(RenameTableDecl rename, ResolvedOperation op, MigrationPieces out) {
    TableName from = op.table();
    TableName to = TableName.parse(rename.to());
    out.expect(SchemaExpectation.tableExists(from.toString()));
    out.expect(SchemaExpectation.tableAbsent(to.toString()));
    out.expand(SqlStatement.inTransaction(guard(from)));
    out.expand(ColumnSql.alter(from, "RENAME TO " + Identifiers.quote(to.name())));
    out.expand(
        SqlStatement.inTransaction("CREATE VIEW " + from.sql() + " AS SELECT * FROM " + to.sql()));
    out.expand(SqlStatement.inTransaction(grants(to, from)));
    out.contract(SqlStatement.inTransaction("DROP VIEW " + from.sql()));
    // The inverse: the view (and the grants copied onto it) goes, the table gets its name back.
    out.undo(SqlStatement.inTransaction("DROP VIEW IF EXISTS " + from.sql()));
    out.undo(
        SqlStatement.inTransaction(
            "ALTER TABLE IF EXISTS " + to.sql() + " RENAME TO " + Identifiers.quote(from.name())));
  }

  /**
   * Refuses a table with row level security: the view's reads and writes are checked as the view's
   * owner, who owns the table and so bypasses its policies.
   */
  private static String guard(TableName table) {
    return "DO $straddle$\n"
        + "BEGIN\n"
        + "  IF (SELECT relrowsecurity FROM pg_class WHERE oid = '"
        + table.sql()
        + "'::regclass) THEN\n"
        + "    RAISE EXCEPTION 'table "
        + table
        + " has row level security, which a view of its old name would bypass for the running"
        + " release';\n"
        + "  END IF;\n"
        + "END\n"
        + "$straddle$";
  }

  /**
   * Grants the view what the table grants (to roles other than its owner), privilege by privilege.
   */
  private static String grants(TableName table, TableName view) {
    return "DO $straddle$\n"
        + "DECLARE\n"
        + "  g record;\n"
        + "BEGIN\n"
        + "  FOR g IN\n"
        + "    SELECT a.privilege_type AS privilege,\n"
        + "           CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS"
        + " grantee\n"
        + "    FROM pg_class c CROSS JOIN aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid ="
        + " a.grantee\n"
        + "    WHERE c.oid = '"
        + table.sql()
        + "'::regclass AND a.grantee <> c.relowner\n"
        + "  LOOP\n"
        + "    EXECUTE format('GRANT %s ON "
        + view.sql()
        + " TO %s', g.privilege, g.grantee);\n"
        + "  END LOOP;\n"
        + "END\n"
        + "$straddle$";
  }
}
