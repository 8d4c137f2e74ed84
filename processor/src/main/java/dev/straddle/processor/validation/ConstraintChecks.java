package dev.straddle.processor.validation;

import dev.straddle.processor.model.ConstraintModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.Site;
import java.util.List;

/** The checks the constraint kinds share: names, column lists, constraints the model knows. */
public final class ConstraintChecks {

  private final OperationChecks checks;

  public ConstraintChecks(OperationChecks checks) {
    this.checks = checks;
  }

  /** A non-empty list of valid column names. */
  public boolean columns(
      Site site, String attribute, String what, String name, List<String> columns) {
    if (columns.isEmpty()) {
      checks.report().error(site, attribute, Message.CONSTRAINT_WITHOUT_COLUMNS, what, name);
      return false;
    }
    boolean ok = true;
    for (String column : columns) {
      ok &= checks.sql().identifier(site, attribute, "column", column);
    }
    return ok;
  }

  /** Every column exists now in {@code table}. */
  public boolean present(Site site, String attribute, TableModel table, List<String> columns) {
    boolean ok = true;
    for (String column : columns) {
      ok &= checks.present(site, attribute, table, column);
    }
    return ok;
  }

  /** No constraint of {@code table} the model knows has this name (reported when one has). */
  public boolean free(Site site, String attribute, TableModel table, String name) {
    ConstraintModel existing = table.constraint(name);
    if (existing == null) {
      return true;
    }
    checks
        .report()
        .error(
            site,
            attribute,
            Message.DUPLICATE_CONSTRAINT,
            table.name(),
            name,
            existing.kind().text() + ", " + existing.origin());
    return false;
  }

  /**
   * The constraint may exist: the model knows it, or the table predates the migrations (a baseline
   * table's constraints are not declared) and the name is not a near miss of one the model knows,
   * which would rather be a typo. Reported otherwise, with a "did you mean".
   */
  public boolean exists(Site site, String attribute, TableModel table, String name) {
    if (table.constraint(name) != null) {
      return true;
    }
    String hint = Suggestions.hint(name, table.constraintNames());
    if (!table.complete() && hint.isEmpty()) {
      return true;
    }
    checks
        .report()
        .error(
            site,
            attribute,
            Message.UNKNOWN_CONSTRAINT,
            table.name(),
            name,
            checks.migrationId(),
            hint);
    return false;
  }

  /** The table a foreign key references; null (reported) when the model does not know it. */
  public TableModel referenced(Site site, String attribute, String name) {
    return checks.known(site, attribute, name);
  }

  /**
   * Dropping {@code name} would not leave a foreign key the model knows without its key: PostgreSQL
   * refuses to drop a unique constraint a foreign key depends on (reported when it would).
   */
  public boolean notReferenced(Site site, String attribute, TableModel table, String name) {
    ConstraintModel dropped = table.constraint(name);
    if (dropped == null || dropped.kind() != ConstraintModel.Kind.UNIQUE) {
      return true;
    }
    for (String other : checks.model().tableNames()) {
      for (ConstraintModel fk : checks.model().table(other).constraints()) {
        if (fk.kind() == ConstraintModel.Kind.FOREIGN_KEY
            && checks.model().table(fk.references()) == table
            && fk.referencedColumns().size() == dropped.columns().size()
            && fk.referencedColumns().containsAll(dropped.columns())
            && !otherKey(table, name, fk.referencedColumns())) {
          checks
              .report()
              .error(
                  site,
                  attribute,
                  Message.CONSTRAINT_IN_USE,
                  dropped.kind().text(),
                  name,
                  table.name(),
                  fk.name(),
                  other);
          return false;
        }
      }
    }
    return true;
  }

  private static boolean otherKey(TableModel table, String name, List<String> columns) {
    return table.keys().stream().anyMatch(k -> !k.name().equals(name) && k.covers(columns));
  }

  /** Whether {@code table} is created by the migration being checked. */
  public boolean createdHere(TableModel table) {
    return table.createdBy() == checks.migrationId();
  }
}
