package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.ColumnSql;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.ReplicaIdentityDecl;

/**
 * {@code @ReplicaIdentity}: {@code ALTER TABLE ... REPLICA IDENTITY} at expand (catalog only). For
 * {@code NOTHING} and {@code DEFAULT}, a guard after it refuses the expand (rolled back) when a
 * publication replicates the table's updates or deletes and it is left without an identity:
 * PostgreSQL would refuse every update and delete of both releases.
 */
public final class ReplicaIdentitySql implements OperationSql<ReplicaIdentityDecl> {

  @Override
  public void contribute(ReplicaIdentityDecl identity, ResolvedOperation op, MigrationPieces out) {
    TableName table = op.table();
    out.expect(SchemaExpectation.tableExists(table.toString()));
    String value =
        switch (identity.value()) {
          case "USING_INDEX" -> "USING INDEX " + Identifiers.quote(identity.index());
          default -> identity.value();
        };
    out.expand(ColumnSql.alter(table, "REPLICA IDENTITY " + value));
    // No inverse: the schema model does not know the identity it replaces; old code's reads and
    // writes do not depend on it (applied again, the migration sets it again).
    out.undoLeaves("the replica identity of " + table + " stays " + value);
    if (identity.value().equals("NOTHING") || identity.value().equals("DEFAULT")) {
      out.expand(SqlStatement.inTransaction(guard(table)));
    }
  }

  private static String guard(TableName table) {
    String regclass = "'" + table.sql() + "'::regclass";
    return "DO $straddle$\n"
        + "BEGIN\n"
        + "  IF EXISTS (SELECT FROM pg_publication p JOIN pg_publication_tables t USING (pubname)\n"
        + "             WHERE (p.pubupdate OR p.pubdelete)\n"
        + "               AND format('%I.%I', t.schemaname, t.tablename)::regclass = "
        + regclass
        + ")\n"
        + "     AND (SELECT c.relreplident = 'n' OR c.relreplident = 'd' AND NOT EXISTS (\n"
        + "            SELECT FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)\n"
        + "          FROM pg_class c WHERE c.oid = "
        + regclass
        + ") THEN\n"
        + "    RAISE EXCEPTION 'table "
        + table
        + " is in a publication that replicates updates or deletes, which PostgreSQL refuses on a"
        + " table without replica identity: every update and delete of both releases would fail';\n"
        + "  END IF;\n"
        + "END\n"
        + "$straddle$";
  }
}
