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
    // The inverse is the user's: the processor cannot read what raw SQL changes.
    raw.rollbackOutsideTransaction()
        .forEach(s -> out.undo(SqlStatement.outsideTransaction(statement(s))));
    raw.rollback().forEach(s -> out.undo(SqlStatement.inTransaction(statement(s))));
    if (raw.expands() && !raw.rollsBack()) {
      out.irreversible(
          "a @RawSql with expand statements declares no rollback"
              + " (its first: "
              + first(
                  raw.expandOutsideTransaction().isEmpty()
                      ? raw.expand().get(0)
                      : raw.expandOutsideTransaction().get(0))
              + ")");
    }
  }

  /** The start of {@code written} on one line, for a message. */
  private static String first(String written) {
    String line = SqlFiles.oneLine(statement(written));
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }

  /** The statement without surrounding blanks and one trailing {@code ;}. */
  public static String statement(String written) {
    String text = written.strip();
    return text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
  }
}
