package dev.straddle.processor.kinds;

import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.processor.generation.OperationSql;
import dev.straddle.processor.generation.RawSqlSql;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.reading.Mirrors;
import dev.straddle.processor.reading.RawSqlDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.ExpressionReads;
import dev.straddle.processor.validation.Message;
import dev.straddle.processor.validation.OperationChecks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code @RawSql}: statements Straddle runs without understanding them (docs/ARCHITECTURE.md, "Raw
 * SQL"). Not on one table: its declaration's table is empty and it resolves to no table; the tables
 * it locks are checked against the model.
 */
public final class RawSqlKind implements OperationKind<RawSqlDecl> {

  private static final RawSqlSql SQL = new RawSqlSql();

  @Override
  public String annotation() {
    return "RawSql";
  }

  @Override
  public RawSqlDecl read(Mirrors values) {
    return new RawSqlDecl(
        values.site(),
        values.strings("expand"),
        values.strings("expandOutsideTransaction"),
        values.strings("contractData"),
        values.strings("contract"),
        values.strings("contractOutsideTransaction"),
        values.strings("locks"),
        values.strings("locksUnmanaged"),
        values.strings("rollback"),
        values.strings("rollbackOutsideTransaction"));
  }

  @Override
  public CheckedAgainst checkedAgainst() {
    return CheckedAgainst.EARLIER_MIGRATIONS;
  }

  @Override
  public boolean check(RawSqlDecl raw, OperationChecks checks) {
    Site site = raw.site();
    boolean ok = true;
    Map<String, List<String>> phases = new LinkedHashMap<>();
    phases.put("expand", raw.expand());
    phases.put("expandOutsideTransaction", raw.expandOutsideTransaction());
    phases.put("contractData", raw.contractData());
    phases.put("contract", raw.contract());
    phases.put("contractOutsideTransaction", raw.contractOutsideTransaction());
    if (phases.values().stream().allMatch(List::isEmpty)) {
      checks
          .report()
          .error(site, null, Message.RAW_SQL, "it declares no statement for expand or contract");
      return false;
    }
    phases.put("rollback", raw.rollback());
    phases.put("rollbackOutsideTransaction", raw.rollbackOutsideTransaction());
    for (Map.Entry<String, List<String>> phase : phases.entrySet()) {
      for (String statement : phase.getValue()) {
        String problem = problem(statement);
        if (problem != null) {
          checks
              .report()
              .error(
                  site,
                  phase.getKey(),
                  Message.RAW_SQL,
                  "statement \"" + statement + "\" " + problem);
          ok = false;
        }
      }
    }
    for (String table : raw.locks()) {
      ok &= checks.sql().table(site, "locks", table) && checks.known(site, "locks", table) != null;
    }
    for (String table : raw.locksUnmanaged()) {
      if (!checks.sql().table(site, "locksUnmanaged", table)) {
        ok = false;
      } else if (checks.model().table(table) != null) {
        checks
            .report()
            .error(
                site,
                "locksUnmanaged",
                Message.RAW_SQL,
                "table \"" + table + "\" is known to the schema model; name it in locks");
        ok = false;
      } else if (checks.model().goneTable(table) != null) {
        ok &= checks.known(site, "locksUnmanaged", table) != null; // reports how it went
      }
    }
    return ok;
  }

  /** Why {@code statement} is not one complete statement, or null. */
  static String problem(String statement) {
    String text = RawSqlSql.statement(statement);
    if (text.isBlank()) {
      return "is empty";
    }
    String problem = SqlExpression.of(text).problem();
    if (problem == null) {
      return null;
    }
    return problem.startsWith("it contains ';'")
        ? "holds more than one statement: give each as its own element, so a failure names it"
        : "is not one complete statement: " + problem;
  }

  @Override
  public boolean checkReads(RawSqlDecl raw, ExpressionReads reads) {
    return true; // the processor cannot read raw SQL
  }

  @Override
  public ResolvedOperation resolve(RawSqlDecl raw, SchemaModel model) {
    return new ResolvedOperation(null, null, Map.of());
  }

  @Override
  public void apply(
      RawSqlDecl raw, ResolvedOperation resolved, int migrationId, SchemaModel model) {
    // The model cannot know what raw SQL changes.
  }

  @Override
  public OperationSql<RawSqlDecl> sql() {
    return SQL;
  }
}
