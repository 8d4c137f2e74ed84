package dev.straddle.processor.generation;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.straddle.runtime.IndexBuild;
import dev.straddle.runtime.MigrationPlan;
import dev.straddle.runtime.PlannedMigration;
import dev.straddle.runtime.ProcedureVersion;
import dev.straddle.runtime.SchemaExpectation;
import dev.straddle.runtime.SqlStatement;
import dev.straddle.runtime.SyncFragment;
import dev.straddle.runtime.cli.StraddleCli;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * The plan class: every migration's statements, fragments, expectations and checksum as constants,
 * one private factory method per migration so no method grows with the project.
 */
final class PlanWriter {

  static final String PROCESSOR = "dev.straddle.processor.StraddleProcessor";
  private static final ClassName LIST = ClassName.get(List.class);
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private PlanWriter() {}

  static JavaFile write(
      ClassName name,
      int head,
      List<GeneratedMigration> migrations,
      List<SchemaExpectation> baseline,
      List<? extends Element> originating) {
    return write(name, head, migrations, baseline, originating, List.of());
  }

  /** With the build's procedure versions (a {@code procedures()} method when there are any). */
  static JavaFile write(
      ClassName name,
      int head,
      List<GeneratedMigration> migrations,
      List<SchemaExpectation> baseline,
      List<? extends Element> originating,
      List<ProcedureVersion> procedures) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(name)
            .addJavadoc(
                "The Straddle migrations of this build, generated from their declarations.\n")
            .addAnnotation(
                AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(MigrationPlan.class)
            .addField(
                FieldSpec.builder(
                        int.class, "HEAD", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The highest migration id compiled into this build.\n")
                    .initializer("$L", head)
                    .build());
    originating.forEach(type::addOriginatingElement);
    List<CodeBlock> factories = new ArrayList<>();
    for (GeneratedMigration m : migrations) {
      factories.add(CodeBlock.of("migration$L()", m.planned().id()));
    }
    type.addField(
        FieldSpec.builder(
                ParameterizedTypeName.get(LIST, ClassName.get(PlannedMigration.class)),
                "MIGRATIONS",
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .initializer(listOf(factories))
            .build());
    type.addField(
        FieldSpec.builder(
                ParameterizedTypeName.get(LIST, ClassName.get(SchemaExpectation.class)),
                "BASELINE",
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .initializer(listOf(map(baseline, PlanWriter::expectation)))
            .build());
    type.addMethod(getter("head", TypeName.INT, "HEAD"));
    type.addMethod(
        getter(
            "migrations",
            ParameterizedTypeName.get(LIST, ClassName.get(PlannedMigration.class)),
            "MIGRATIONS"));
    type.addMethod(
        getter(
            "baseline",
            ParameterizedTypeName.get(LIST, ClassName.get(SchemaExpectation.class)),
            "BASELINE"));
    type.addMethod(
        MethodSpec.methodBuilder("main")
            .addJavadoc("Runs the Straddle command line on this plan.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(String[].class, "args")
            .addStatement("$T.main(new $T(), args)", StraddleCli.class, name)
            .build());
    if (!procedures.isEmpty()) {
      ProceduresWriter.addToPlan(type, procedures);
    }
    for (GeneratedMigration m : migrations) {
      type.addMethod(factory(m.planned()));
    }
    return JavaFile.builder(name.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  private static MethodSpec getter(String method, TypeName type, String f) {
    return MethodSpec.methodBuilder(method)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(type)
        .addStatement("return $N", f)
        .build();
  }

  private static MethodSpec factory(PlannedMigration m) {
    CodeBlock.Builder body =
        CodeBlock.builder()
            .add("return new $T(\n$>$>", PlannedMigration.class)
            .add("$L,\n$S,\n$S,\n", m.id(), m.description(), m.checksum())
            .add("$L,\n", listOf(map(m.expand(), PlanWriter::statement)))
            .add("$L,\n", listOf(map(m.contract(), PlanWriter::statement)))
            .add("$L,\n", listOf(map(m.fragments(), PlanWriter::fragment)))
            .add("$L", listOf(map(m.expectations(), PlanWriter::expectation)));
    // The index list is left out when empty: PlannedMigration has a constructor without it.
    if (!m.indexes().isEmpty()) {
      body.add(",\n$L", listOf(map(m.indexes(), PlanWriter::index)));
    }
    body.add(");\n$<$<");
    return MethodSpec.methodBuilder("migration" + m.id())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(PlannedMigration.class)
        .addCode(body.build())
        .build();
  }

  private static CodeBlock statement(SqlStatement s) {
    return CodeBlock.of(
        "$T.$L($S)",
        SqlStatement.class,
        s.transactional() ? "inTransaction" : "outsideTransaction",
        s.sql());
  }

  private static CodeBlock index(IndexBuild index) {
    return CodeBlock.of(
        "new $T($S, $S, $S)", IndexBuild.class, index.table(), index.name(), index.sql());
  }

  private static CodeBlock fragment(SyncFragment f) {
    return CodeBlock.of(
        "new $T($S, $T.$L, $S, $S)",
        SyncFragment.class,
        f.table(),
        SyncFragment.Direction.class,
        f.direction().name(),
        f.column(),
        f.expression());
  }

  private static CodeBlock expectation(SchemaExpectation e) {
    if (e.column() == null) {
      return CodeBlock.of(
          "$T.$L($S)",
          SchemaExpectation.class,
          e.present() ? "tableExists" : "tableAbsent",
          e.table());
    }
    return e.present()
        ? CodeBlock.of(
            "$T.columnExists($S, $S, $S)", SchemaExpectation.class, e.table(), e.column(), e.type())
        : CodeBlock.of("$T.columnAbsent($S, $S)", SchemaExpectation.class, e.table(), e.column());
  }

  private static <T> List<CodeBlock> map(List<T> items, Function<T, CodeBlock> render) {
    return items.stream().map(render).toList();
  }

  /** {@code List.of()} or {@code List.of(\n a,\n b)}, one element per line. */
  private static CodeBlock listOf(List<CodeBlock> items) {
    if (items.isEmpty()) {
      return CodeBlock.of("$T.of()", LIST);
    }
    return CodeBlock.builder()
        .add("$T.of(\n$>$>", LIST)
        .add(CodeBlock.join(items, ",\n"))
        .add("$<$<)")
        .build();
  }
}
