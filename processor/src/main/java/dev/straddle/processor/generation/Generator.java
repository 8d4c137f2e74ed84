package dev.straddle.processor.generation;

import com.palantir.javapoet.ClassName;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.processor.model.MigrationModel;
import dev.straddle.processor.model.ProcedureModel;
import dev.straddle.processor.reading.ColumnDecl;
import dev.straddle.processor.reading.Declarations;
import dev.straddle.processor.reading.ExistingEnumDecl;
import dev.straddle.processor.reading.ExistingIndexDecl;
import dev.straddle.processor.reading.ExistingTableDecl;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes everything of a valid compilation: the plan class and, under {@code META-INF/straddle/},
 * each migration's reviewable SQL, the manifest and the compatibility matrix.
 */
public final class Generator {

  /** Processor option naming the plan class, e.g. {@code -Astraddle.planClass=com.example.Plan}. */
  public static final String PLAN_CLASS_OPTION = "straddle.planClass";

  public static final String RESOURCE_ROOT = "META-INF/straddle/";

  private final Filer filer;
  private final Elements elements;
  private final String planClassOption;

  public Generator(Filer filer, Elements elements, String planClassOption) {
    this.filer = filer;
    this.elements = elements;
    this.planClassOption = planClassOption;
  }

  /** Generates for {@code migrations} (validated, ascending ids). */
  public void generate(Declarations declarations, List<MigrationModel> migrations)
      throws IOException {
    if (migrations.isEmpty()
        && declarations.baseline().isEmpty()
        && declarations.existingIndexes().isEmpty()
        && declarations.baselineEnums().isEmpty()) {
      return;
    }
    MigrationAssembler assembler = new MigrationAssembler();
    List<GeneratedMigration> generated = new ArrayList<>();
    migrations.forEach(m -> generated.add(assembler.assemble(m)));
    int head = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).id();
    List<Element> originating = new ArrayList<>();
    declarations.migrations().forEach(m -> originating.add(m.type()));
    originating.addAll(declarations.baselineOwners());
    Element[] origin = originating.toArray(new Element[0]);

    for (GeneratedMigration m : generated) {
      String folder = RESOURCE_ROOT + m.folder() + "/";
      writeResource(folder + "expand.sql", SqlFiles.expand(m), origin);
      writeResource(folder + "backfill.sql", SqlFiles.backfill(m), origin);
      writeResource(folder + "contract.sql", SqlFiles.contract(m), origin);
      writeResource(folder + "rollback.sql", SqlFiles.rollback(m), origin);
    }
    writeResource(RESOURCE_ROOT + "manifest.txt", ManifestText.render(head, generated), origin);
    writeResource(
        RESOURCE_ROOT + "compatibility.md", CompatibilityMatrix.render(generated), origin);
    List<ProcedureModel> procedures = new ArrayList<>();
    migrations.forEach(m -> procedures.addAll(m.procedures()));
    ClassName plan = planClass(migrations, declarations);
    PlanWriter.write(
            plan,
            head,
            generated,
            baseline(declarations),
            originating,
            procedures.stream()
                .filter(p -> !p.decl().existing())
                .map(ProcedureSql::version)
                .toList())
        .writeTo(filer);
    if (!procedures.isEmpty()) {
      ProceduresWriter.write(plan, head, procedures, originating).writeTo(filer);
    }
  }

  private ClassName planClass(List<MigrationModel> migrations, Declarations declarations) {
    if (planClassOption != null && !planClassOption.isBlank()) {
      return ClassName.bestGuess(planClassOption.trim());
    }
    Element anchor =
        migrations.isEmpty()
            ? declarations.baselineOwners().get(0)
            : migrations.get(0).decl().type();
    PackageElement pkg = elements.getPackageOf(anchor);
    return ClassName.get(pkg.getQualifiedName().toString(), "StraddlePlan");
  }

  static List<SchemaExpectation> baseline(Declarations declarations) {
    List<SchemaExpectation> out = new ArrayList<>();
    for (ExistingEnumDecl type : declarations.baselineEnums()) {
      out.add(SchemaExpectation.enumType(type.name(), true));
      for (String label : type.values()) {
        out.add(SchemaExpectation.enumLabel(type.name(), label, true));
      }
    }
    for (ExistingTableDecl table : declarations.baseline()) {
      out.add(SchemaExpectation.tableExists(table.name()));
      out.add(SchemaExpectation.partitioning(table.name(), table.partitionBy()));
      for (ColumnDecl c : table.columns()) {
        out.add(SchemaExpectation.columnExists(table.name(), c.name(), c.type()));
      }
    }
    for (ExistingIndexDecl index : declarations.existingIndexes()) {
      out.add(SchemaExpectation.indexExists(index.table(), index.name(), index.shape()));
    }
    return out;
  }

  private void writeResource(String path, String content, Element[] origin) throws IOException {
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, origin);
    try (Writer writer = file.openWriter()) {
      writer.write(content);
    }
  }
}
