package dev.straddle.processor.validation;

import dev.straddle.processor.model.ConstraintModel;
import dev.straddle.processor.model.IndexModel;
import dev.straddle.processor.model.KeyModel;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.Site;
import java.util.List;

/**
 * The checks the index kinds share (docs/ARCHITECTURE.md, "Indexes"): a name no index has yet, and
 * an index a migration drops or renames.
 */
public final class IndexChecks {

  private final OperationChecks checks;

  public IndexChecks(OperationChecks checks) {
    this.checks = checks;
  }

  /** No index the model knows has {@code name} yet (reported when one has). */
  public boolean free(Site site, String attribute, String name) {
    IndexModel earlier = checks.model().index(name);
    if (earlier != null) {
      checks.report().error(site, attribute, Message.DUPLICATE_INDEX, name, earlier.origin());
    }
    return earlier == null;
  }

  /**
   * The index {@code name} of {@code table} may be dropped ({@code drop}) or renamed: an index the
   * model knows on that table, or, on a baseline table, one it does not know (adopted: the runner
   * checks it exists), unless a known index's name is a near miss. Never the index of a constraint
   * (a primary key, a unique constraint), nor the only key a foreign key the model knows
   * references.
   */
  public boolean adoptable(
      Site site,
      String attribute,
      TableModel table,
      String declaredTable,
      String name,
      boolean drop) {
    SchemaModel model = checks.model();
    IndexModel index = model.index(name);
    if (index != null && !index.table().equals(declaredTable)) {
      checks
          .report()
          .error(
              site,
              attribute,
              Message.UNKNOWN_INDEX,
              declaredTable,
              name,
              checks.migrationId(),
              " (it is an index of table \"" + index.table() + "\")");
      return false;
    }
    if (index == null) {
      List<String> known = indexNames(declaredTable);
      String hint = Suggestions.hint(name, known);
      if (!hint.isEmpty() && !table.complete()) {
        hint =
            hint.substring(0, hint.length() - 1)
                + " An index Straddle did not create: declare it with @ExistingIndex)";
      }
      if (table.complete() || !hint.isEmpty()) {
        checks
            .report()
            .error(
                site,
                attribute,
                Message.UNKNOWN_INDEX,
                declaredTable,
                name,
                checks.migrationId(),
                hint);
        return false;
      }
    }
    String constraint = constraintOf(table, index, name);
    if (constraint != null) {
      checks
          .report()
          .error(
              site,
              attribute,
              Message.INDEX_OF_CONSTRAINT,
              name,
              declaredTable,
              constraint,
              drop
                  ? "PostgreSQL refuses to drop it on its own: drop the constraint"
                      + " (@DropConstraint), which drops its index"
                  : "renaming it would rename the constraint too: rename the constraint"
                      + " (@RenameConstraint), which renames its index");
      return false;
    }
    return !drop || notReferenced(site, attribute, table, declaredTable, name);
  }

  private List<String> indexNames(String table) {
    return checks.model().indexNames().stream()
        .filter(n -> checks.model().index(n).table().equals(table))
        .toList();
  }

  /** The constraint the index backs, as a phrase, or null. */
  private static String constraintOf(TableModel table, IndexModel index, String name) {
    if (index != null && !index.constraint().isEmpty()) {
      return "unique constraint \"" + index.constraint() + "\"";
    }
    ConstraintModel constraint = table.constraint(name);
    if (constraint != null && constraint.kind() == ConstraintModel.Kind.UNIQUE) {
      return "unique constraint \"" + name + "\"";
    }
    boolean primaryKey = table.columns().stream().anyMatch(c -> c.primaryKey());
    if (primaryKey && name.equals(table.name().name() + "_pkey")) {
      return "the primary key \"" + name + "\"";
    }
    return null;
  }

  /** The unique index is not the only key a foreign key the model knows references. */
  private boolean notReferenced(
      Site site, String attribute, TableModel table, String declaredTable, String name) {
    KeyModel key =
        table.keys().stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
    if (key == null) {
      return true;
    }
    SchemaModel model = checks.model();
    for (String other : model.tableNames()) {
      for (ConstraintModel fk : model.table(other).constraints()) {
        if (fk.kind() == ConstraintModel.Kind.FOREIGN_KEY
            && model.table(fk.references()) == table
            && key.covers(fk.referencedColumns())
            && table.keys().stream()
                .noneMatch(k -> !k.name().equals(name) && k.covers(fk.referencedColumns()))) {
          checks
              .report()
              .error(
                  site,
                  attribute,
                  Message.CONSTRAINT_IN_USE,
                  "unique index",
                  name,
                  declaredTable,
                  fk.name(),
                  other);
          return false;
        }
      }
    }
    return true;
  }
}
