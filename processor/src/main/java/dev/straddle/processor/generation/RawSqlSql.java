package dev.straddle.processor.generation;

import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.model.ResolvedOperation;
import dev.straddle.processor.reading.RawSqlDecl;

/**
 * {@code @RawSql}: its statements as written (a trailing {@code ;} removed), in the phases and
 * transaction layout it declares; its data step first in the contract transaction; every table it
 * declares an expectation (docs/ARCHITECTURE.md, "Raw SQL").
 */
public final class RawSqlSql implements OperationSql<RawSqlDecl> {

  @Override
  public void contribute(RawSqlDecl raw, ResolvedOperation op, MigrationPieces out) {
    for (String table : raw.tables()) {
      out.expect(SchemaExpectation.tableExists(TableName.parse(table).toString()));
    }
    raw.expandOutsideTransaction()
        .forEach(s -> out.expand(SqlStatement.outsideTransaction(statement(s))));
    raw.expand().forEach(s -> out.expand(SqlStatement.inTransaction(statement(s))));
    raw.contractData().forEach(s -> out.contractData(SqlStatement.inTransaction(statement(s))));
    raw.contractOutsideTransaction()
        .forEach(s -> out.contract(SqlStatement.outsideTransaction(statement(s))));
    raw.contract().forEach(s -> out.contract(SqlStatement.inTransaction(statement(s))));
  }

  /** The statement without surrounding blanks and one trailing {@code ;}. */
  public static String statement(String written) {
    String text = written.strip();
    return text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
  }
}
