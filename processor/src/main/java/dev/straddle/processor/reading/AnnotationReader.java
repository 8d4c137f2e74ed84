package dev.straddle.processor.reading;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Turns the Straddle annotations of the compilation into declarations, through mirrors (never
 * {@code getAnnotation}), so each declaration remembers where it was written.
 */
public final class AnnotationReader {

  private static final String DSL = "dev.straddle.dsl.";
  public static final String MIGRATION = DSL + "Migration";
  public static final String EXISTING_TABLE = DSL + "ExistingTable";
  private static final List<String> REPEATABLE =
      List.of(
          "CreateTable",
          "ExistingTable",
          "AddColumn",
          "RenameColumn",
          "DropColumn",
          "AlterColumn",
          "CreateIndex",
          "Procedure");

  /** Every annotation the processor handles, containers included. */
  public static final Set<String> SUPPORTED = supported();

  private final Elements elements;

  public AnnotationReader(Elements elements) {
    this.elements = elements;
  }

  private static Set<String> supported() {
    List<String> names = new ArrayList<>();
    names.add(MIGRATION);
    for (String simple : REPEATABLE) {
      names.add(DSL + simple);
      names.add(DSL + simple + ".List");
    }
    return Set.copyOf(names);
  }

  /** Reads every annotated class; elements that are not classes cannot carry the annotations. */
  public Declarations read(Collection<? extends Element> annotated) {
    List<MigrationDecl> migrations = new ArrayList<>();
    List<ExistingTableDecl> baseline = new ArrayList<>();
    List<OperationDecl> orphans = new ArrayList<>();
    List<TypeElement> baselineOwners = new ArrayList<>();
    List<ProcedureDecl> procedureOrphans = new ArrayList<>();
    for (Element element : annotated) {
      if (!(element instanceof TypeElement type)) {
        continue;
      }
      List<OperationDecl> operations = new ArrayList<>();
      List<ProcedureDecl> procedures = new ArrayList<>();
      Mirrors migration = null;
      int tablesBefore = baseline.size();
      for (Placed placed : flatten(type)) {
        AnnotationMirror mirror = placed.mirror();
        String name = Mirrors.qualifiedName(mirror);
        Mirrors values = new Mirrors(elements, type, mirror, placed.repeated(), placed.index());
        switch (name.substring(name.startsWith(DSL) ? DSL.length() : 0)) {
          case "Migration" -> migration = values;
          case "ExistingTable" ->
              baseline.add(
                  new ExistingTableDecl(values.site(), values.string("name"), columns(values)));
          case "CreateTable" ->
              operations.add(
                  new CreateTableDecl(values.site(), values.string("name"), columns(values)));
          case "AddColumn" -> operations.add(addColumn(values));
          case "RenameColumn" ->
              operations.add(
                  new RenameColumnDecl(
                      values.site(),
                      values.string("table"),
                      values.string("from"),
                      values.string("to"),
                      values.string("type")));
          case "DropColumn" ->
              operations.add(
                  new DropColumnDecl(
                      values.site(),
                      values.string("table"),
                      values.string("column"),
                      values.string("down")));
          case "AlterColumn" ->
              operations.add(
                  new AlterColumnDecl(
                      values.site(),
                      values.string("table"),
                      values.string("column"),
                      values.string("up"),
                      values.string("down")));
          case "CreateIndex" ->
              operations.add(
                  new CreateIndexDecl(
                      values.site(),
                      values.string("table"),
                      values.string("name"),
                      values.strings("columns"),
                      values.bool("unique"),
                      values.string("where")));
          case "Procedure" -> procedures.add(ProcedureReader.read(values));
          default -> {}
        }
      }
      if (baseline.size() > tablesBefore) {
        baselineOwners.add(type);
      }
      if (migration != null) {
        migrations.add(
            new MigrationDecl(
                type,
                migration.site(),
                migration.integer("id"),
                migration.string("description"),
                operations,
                procedures));
      } else {
        orphans.addAll(operations);
        procedureOrphans.addAll(procedures);
      }
    }
    return new Declarations(migrations, baseline, orphans, baselineOwners, procedureOrphans);
  }

  /** An annotation and, when it was repeated, its type and position among the repeats. */
  private record Placed(AnnotationMirror mirror, String repeated, int index) {}

  /** The element's Straddle annotations with repeatable containers replaced by their contents. */
  private List<Placed> flatten(TypeElement type) {
    List<Placed> out = new ArrayList<>();
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      String name = Mirrors.qualifiedName(mirror);
      if (!SUPPORTED.contains(name)) {
        continue;
      }
      if (name.endsWith(".List")) {
        String repeated = name.substring(0, name.length() - ".List".length());
        List<AnnotationMirror> repeats =
            new Mirrors(elements, type, mirror, null, -1).annotations("value");
        for (int i = 0; i < repeats.size(); i++) {
          out.add(new Placed(repeats.get(i), repeated, i));
        }
      } else {
        out.add(new Placed(mirror, null, -1));
      }
    }
    return out;
  }

  private AddColumnDecl addColumn(Mirrors values) {
    return new AddColumnDecl(
        values.site(),
        values.string("table"),
        values.string("column"),
        values.string("type"),
        values.bool("notNull"),
        values.string("defaultValue"),
        values.string("up"));
  }

  private List<ColumnDecl> columns(Mirrors table) {
    List<ColumnDecl> out = new ArrayList<>();
    List<AnnotationMirror> mirrors = table.annotations("columns");
    for (int i = 0; i < mirrors.size(); i++) {
      Mirrors c = new Mirrors(elements, table.site(), mirrors.get(i), i);
      out.add(
          new ColumnDecl(
              c.site(),
              c.string("name"),
              c.string("type"),
              c.bool("notNull"),
              c.string("defaultValue"),
              c.bool("primaryKey")));
    }
    return out;
  }
}
