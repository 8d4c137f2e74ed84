package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.generation.ReplicaIdentitySql;
import dev.straddle.processor.model.ColumnModel;
import dev.straddle.processor.model.KeyModel;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.ReplicaIdentityDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;

/**
 * {@code @ReplicaIdentity}: a catalog change at expand (docs/ARCHITECTURE.md, "Replica identity").
 * An index the model knows must be one PostgreSQL accepts: unique, without {@code where}, on NOT
 * NULL columns, and built before the migration expands.
 */
public final class ReplicaIdentityKind implements OperationKind<ReplicaIdentityDecl> {

  static final String USING_INDEX = "USING_INDEX";

  private static final ReplicaIdentitySql SQL = new ReplicaIdentitySql();

  @Override
  public String annotation() {
    return "ReplicaIdentity";
  }

  @Override
  public ReplicaIdentityDecl read(Mirrors values) {
    return new ReplicaIdentityDecl(
        values.site(), values.string("table"), values.enumName("value"), values.string("index"));
  }

  /**
   * Against the schema as the migration leaves it, like the constraints: it may follow a table the
   * migration creates, and an index declared before it in the migration is known (and refused: it
   * is built after the expand).
   */
  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.THIS_MIGRATION;
  }

  @Override
  public boolean check(ReplicaIdentityDecl identity, OperationChecks checks) {
    Site site = identity.site();
    boolean ok = checks.sql().table(site, "table", identity.table());
    boolean usingIndex = identity.value().equals(USING_INDEX);
    if (usingIndex && identity.index().isEmpty()) {
      return problem(identity, checks, "value", "USING_INDEX needs the index attribute");
    }
    if (!usingIndex && !identity.index().isEmpty()) {
      return problem(identity, checks, "index", "an index is given only with value = USING_INDEX");
    }
    if (usingIndex) {
      ok &= checks.sql().identifier(site, "index", "index", identity.index());
    }
    TableModel table = ok ? checks.known(site, identity) : null;
    if (table == null) {
      return false;
    }
    return !usingIndex || index(identity, table, checks);
  }

  /** What the model knows about the index must be what PostgreSQL accepts. */
  private static boolean index(
      ReplicaIdentityDecl identity, TableModel table, OperationChecks checks) {
    String index = identity.index();
    for (KeyModel key : table.keys()) {
      if (!key.name().equals(index)) {
        continue;
      }
      if (key.usableFrom() > checks.migrationId()) {
        return problem(
            identity,
            checks,
            "index",
            "index \""
                + index
                + "\" is built at the end of this migration's backfill, after its expand; set the"
                + " replica identity in a later migration");
      }
      for (String column : key.columns()) {
        ColumnModel c = table.column(column);
        if (c != null && !c.notNull() && !c.primaryKey()) {
          return problem(
              identity,
              checks,
              "index",
              "index \""
                  + index
                  + "\" covers column \""
                  + column
                  + "\", which is nullable; PostgreSQL accepts only an index on NOT NULL columns");
        }
      }
      return true;
    }
    if (checks.model().indexCreatedBy(index) != null) {
      return problem(
          identity,
          checks,
          "index",
          "index \""
              + index
              + "\" (created by migration "
              + checks.model().indexCreatedBy(index)
              + ") is not a unique index without where of this table, which PostgreSQL requires");
    }
    return true; // an index the model does not know: PostgreSQL checks it at expand
  }

  private static boolean problem(
      ReplicaIdentityDecl identity, OperationChecks checks, String attribute, String detail) {
    checks
        .report()
        .error(
            identity.site(), attribute, Message.REPLICA_IDENTITY_INDEX, identity.table(), detail);
    return false;
  }

  @Override
  public boolean checkReads(ReplicaIdentityDecl identity, ExpressionReads reads) {
    return true; // no expressions
  }

  @Override
  public ResolvedOperation resolve(ReplicaIdentityDecl identity, SchemaModel model) {
    return new ResolvedOperation(
        TableName.parse(identity.table()), null, model.columnTypes(identity.table()));
  }

  @Override
  public void apply(
      ReplicaIdentityDecl identity,
      ResolvedOperation resolved,
      int migrationId,
      SchemaModel model) {
    // The model does not track replica identities.
  }

  @Override
  public OperationSql<ReplicaIdentityDecl> sql() {
    return SQL;
  }
}
