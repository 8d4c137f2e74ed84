package dev.straddle.processor.validation;

import dev.straddle.processor.kinds.Operation;
import dev.straddle.processor.kinds.OperationKind.CheckedAgainst;
import dev.straddle.processor.kinds.Replayed;
import dev.straddle.processor.model.IndexModel;
import dev.straddle.processor.model.KeyModel;
import dev.straddle.processor.model.MigrationModel;
import dev.straddle.processor.model.ProcedureModel;
import dev.straddle.processor.model.SchemaModel;
import dev.straddle.processor.model.TableModel;
import dev.straddle.processor.reading.Declarations;
import dev.straddle.processor.reading.ExistingEnumDecl;
import dev.straddle.processor.reading.ExistingIndexDecl;
import dev.straddle.processor.reading.ExistingTableDecl;
import dev.straddle.processor.reading.MigrationDecl;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.ProcedureDecl;
import dev.straddle.processor.reading.Site;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a compilation's declarations by replaying them over the baseline in id order; every
 * error goes to the report, none is printed here.
 */
public final class Validator {

  private final ValidationReport report;

  public Validator(ValidationReport report) {
    this.report = report;
  }

  /** The valid migrations in ascending id order; complete only when the report is clean. */
  public List<MigrationModel> validate(Declarations declarations) {
    SchemaModel model = new SchemaModel();
    baseline(declarations, model);
    for (Operation<?> orphan : declarations.orphans()) {
      report.error(
          orphan.site(),
          null,
          Message.NOT_A_MIGRATION,
          orphan.name(),
          orphan.site().element().getSimpleName());
    }
    for (ProcedureDecl orphan : declarations.procedureOrphans()) {
      report.error(
          orphan.site(),
          null,
          Message.NOT_A_MIGRATION,
          orphan.kind(),
          orphan.site().element().getSimpleName());
    }
    ProcedureChecks procedures = new ProcedureChecks(report, model);
    List<MigrationModel> out = new ArrayList<>();
    for (MigrationDecl migration : ordered(declarations.migrations())) {
      // Every operation of a migration sees the schema as the earlier migrations left it: they
      // are in flight together, and conflicts between them are errors of their own.
      model.startMigration(migration.id());
      OperationChecks checks =
          new OperationChecks(
              report,
              model,
              migration.id(),
              migration.operations().stream().<OperationDecl>map(Operation::decl).toList());
      List<Replayed<?>> operations = new ArrayList<>();
      Set<Operation<?>> notAlone = notAlone(migration);
      for (Operation<?> op : migration.operations()) {
        if (op.checkedAgainst() == CheckedAgainst.EARLIER_MIGRATIONS
            && !notAlone.contains(op)
            && op.check(checks)) {
          operations.add(op.resolve(model));
        }
      }
      operations.forEach(op -> op.apply(migration.id(), model));
      new TriggerChecks(checks).keepTheirColumns();
      // Expressions are checked against the schema as the migration leaves it.
      ExpressionReads reads = new ExpressionReads(report, model, migration.id());
      operations.forEach(op -> op.operation().checkReads(reads));
      // Its procedure versions, against that schema too (and before the operations below: a
      // trigger calls the version as of its migration).
      List<ProcedureModel> versions = procedures.check(migration);
      // Then the operations checked against the schema as the migration leaves it: an index is
      // built once the migration's columns exist (end of its backfill phase); a trigger is
      // created at the end of its expand, after the versions the migration creates.
      for (Operation<?> op : migration.operations()) {
        if (op.checkedAgainst() == CheckedAgainst.THIS_MIGRATION
            && !notAlone.contains(op)
            && op.check(checks)
            && op.checkReads(reads)) {
          Replayed<?> index = op.resolve(model);
          index.apply(migration.id(), model);
          operations.add(index);
        }
      }
      out.add(new MigrationModel(migration, operations, versions));
    }
    return out;
  }

  /**
   * The renames and drops of a table that share their migration with another operation naming that
   * table (reported at the rename or drop): PostgreSQL sees the table under one name only at each
   * statement, and the model would replay the other operation on a table that is no longer there
   * (docs/ARCHITECTURE.md, "Tables").
   */
  private Set<Operation<?>> notAlone(MigrationDecl migration) {
    Set<Operation<?>> out = new HashSet<>();
    for (Operation<?> alone : migration.operations()) {
      if (alone.decl().exclusive().isEmpty()) {
        continue;
      }
      for (String table : alone.decl().tables()) {
        for (Operation<?> other : migration.operations()) {
          if (other != alone && other.decl().tables().contains(table)) {
            report.error(
                alone.site(),
                alone.decl().attributeOf(table),
                Message.TABLE_NOT_ALONE,
                migration.id(),
                alone.decl().exclusive(),
                table,
                other.name(),
                "another");
            out.add(alone);
            out.add(other); // not checked either: its errors would only follow from this one
          }
        }
      }
    }
    return out;
  }

  private void baseline(Declarations declarations, SchemaModel model) {
    for (ExistingEnumDecl type : declarations.baselineEnums()) {
      EnumChecks labels = new EnumChecks(report, model, 0);
      boolean ok = labels.name(type.site(), "name", type.name());
      for (String label : type.values()) {
        ok &= labels.label(type.site(), "values", type.name(), label);
      }
      if (model.enumType(type.name()) != null) {
        report.error(
            type.site(),
            "name",
            Message.DUPLICATE_ENUM,
            type.name(),
            "declared with @ExistingEnum");
        ok = false;
      }
      if (ok) {
        model.addEnum(type.name(), type.values(), 0);
      }
    }
    TableChecks tables = new TableChecks(report, model);
    for (ExistingTableDecl table : declarations.baseline()) {
      for (MigrationDecl migration : declarations.migrations()) {
        if (migration.type().equals(table.site().element())) {
          report.error(table.site(), null, Message.BASELINE_ON_MIGRATION, migration.id());
        }
      }
      if (tables.declaration(table) & tables.absent(table, "declared again")) {
        model.addTable(table, 0);
      }
    }
    OperationChecks checks = new OperationChecks(report, model, 0, List.of());
    for (ExistingIndexDecl index : declarations.existingIndexes()) {
      for (MigrationDecl migration : declarations.migrations()) {
        if (migration.type().equals(index.site().element())) {
          report.error(index.site(), null, Message.BASELINE_ON_MIGRATION, migration.id());
        }
      }
      if (existingIndex(index, checks, model)) {
        model.addIndex(
            new IndexModel(
                index.name(),
                index.table(),
                index.columns(),
                index.unique(),
                index.method(),
                "",
                0));
        if (index.unique() && !index.columns().isEmpty()) {
          model.addKey(index.table(), new KeyModel(index.name(), index.columns(), 0));
        }
      }
    }
  }

  /** An {@code @ExistingIndex}: on a baseline table, of its declared columns, a new name. */
  private boolean existingIndex(
      ExistingIndexDecl index, OperationChecks checks, SchemaModel model) {
    Site site = index.site();
    boolean ok = checks.sql().table(site, "table", index.table());
    ok &= checks.sql().identifier(site, "name", "index", index.name());
    for (String column : index.columns()) {
      ok &= checks.sql().identifier(site, "columns", "column", column);
    }
    if (!ok || index.method().isEmpty()) {
      return false;
    }
    TableModel table = model.table(index.table());
    if (table == null) {
      report.error(
          site,
          "table",
          Message.UNKNOWN_TABLE,
          index.table(),
          1,
          Suggestions.hint(index.table(), model.tableNames()));
      return false;
    }
    for (String column : index.columns()) {
      ok &= checks.present(site, "columns", table, column);
    }
    return ok & new IndexChecks(checks).free(site, "name", index.name());
  }

  /**
   * Migrations with a usable id, in ascending order; reports bad and duplicate ids (at the later
   * declaration in source order).
   */
  private List<MigrationDecl> ordered(List<MigrationDecl> migrations) {
    Map<Integer, MigrationDecl> byId = new HashMap<>();
    List<MigrationDecl> usable = new ArrayList<>();
    for (MigrationDecl m : migrations) {
      if (m.description().isBlank()) {
        report.error(m.site(), "description", Message.EMPTY_DESCRIPTION, m.id());
      }
      if (m.operations().isEmpty() && m.procedures().isEmpty()) {
        report.error(m.site(), null, Message.EMPTY_MIGRATION, m.id());
      }
      if (m.id() <= 0) {
        report.error(m.site(), "id", Message.INVALID_MIGRATION_ID, m.id());
        continue;
      }
      MigrationDecl first = byId.putIfAbsent(m.id(), m);
      if (first != null) {
        report.error(
            m.site(),
            "id",
            Message.DUPLICATE_MIGRATION_ID,
            m.id(),
            first.type().getQualifiedName());
        report.note(
            first.site(),
            "id",
            Message.DUPLICATE_MIGRATION_ID,
            "migration id " + m.id() + " is first used here, and again by " + m.type());
        continue;
      }
      usable.add(m);
    }
    usable.sort(Comparator.comparingInt(MigrationDecl::id));
    return usable;
  }
}
