package dev.straddle.processor.generation;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlanCodec;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.ProcedureVersion;
import dev.straddle.plan.SchemaExpectation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * The plan class: every migration's statements, fragments, expectations and checksum as one string
 * literal (per {@value PlanCodec#LITERAL_CHARS} chars) in a few {@code part<k>()} methods (at most
 * about {@value #PART_SIZE} literals each, so no method grows with the project), decoded once by
 * {@link PlanCodec#decode}, which owns the format.
 */
final class PlanWriter {

  static final String PROCESSOR = "dev.straddle.processor.StraddleProcessor";
  private static final ClassName LIST = ClassName.get(List.class);

  /** Literals per part method (a part holds whole migrations). */
  static final int PART_SIZE = 200;

  /**
   * The runtime's command line, which the plan's {@code main} runs. Named, not imported: the
   * processor does not depend on the runtime (the user's project does).
   */
  private static final ClassName CLI = ClassName.get("dev.straddle.runtime.cli", "StraddleCli");

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
    List<List<String>> parts = parts(migrations);
    List<CodeBlock> partCalls = new ArrayList<>();
    for (int k = 1; k <= parts.size(); k++) {
      partCalls.add(CodeBlock.of("part$L()", k));
    }
    type.addField(
        FieldSpec.builder(
                ParameterizedTypeName.get(LIST, ClassName.get(PlannedMigration.class)),
                "MIGRATIONS",
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .initializer(
                parts.isEmpty()
                    ? CodeBlock.of("$T.of()", LIST)
                    : CodeBlock.of(
                        "$T.decode($L, $L)",
                        PlanCodec.class,
                        PlanCodec.FORMAT,
                        CodeBlock.join(partCalls, ", ")))
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
            .addStatement("$T.main(new $T(), args)", CLI, name)
            .build());
    if (!procedures.isEmpty()) {
      ProceduresWriter.addToPlan(type, procedures);
    }
    for (int k = 0; k < parts.size(); k++) {
      type.addMethod(part(k + 1, parts.get(k)));
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

  /**
   * Every migration as the literals {@link PlanCodec#literals} makes of it (usually one), grouped
   * into parts of about {@value #PART_SIZE} literals (one array initializer per method, far below
   * the 64 KB limit of a method's code); a migration is never split.
   */
  private static List<List<String>> parts(List<GeneratedMigration> migrations) {
    List<List<String>> parts = new ArrayList<>();
    List<String> part = new ArrayList<>();
    for (GeneratedMigration m : migrations) {
      List<String> literals = PlanCodec.literals(m.planned());
      if (!part.isEmpty() && part.size() + literals.size() > PART_SIZE) {
        parts.add(part);
        part = new ArrayList<>();
      }
      part.addAll(literals);
    }
    if (!part.isEmpty()) {
      parts.add(part);
    }
    return parts;
  }

  /**
   * {@code part<k>()}: string literals only (the format is {@link PlanCodec}'s), one line each: a
   * migration per line unless it is longer than {@value PlanCodec#LITERAL_CHARS} chars.
   */
  private static MethodSpec part(int k, List<String> literals) {
    CodeBlock.Builder body = CodeBlock.builder().add("return new String[] {$>$>");
    for (int i = 0; i < literals.size(); i++) {
      body.add(i == 0 ? "\n$S" : ",\n$S", literals.get(i));
    }
    body.add("$<$<\n};\n");
    return MethodSpec.methodBuilder("part" + k)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(ArrayTypeName.of(String.class))
        .addCode(body.build())
        .build();
  }

  /**
   * A baseline fact: a table or a column ({@code @ExistingTable}), an index
   * ({@code @ExistingIndex}), an enum type or label ({@code @ExistingEnum}).
   */
  private static CodeBlock expectation(SchemaExpectation e) {
    if (e.subject() == SchemaExpectation.Subject.INDEX && e.present()) {
      return CodeBlock.of(
          "$T.indexExists($S, $S, $S)", SchemaExpectation.class, e.table(), e.index(), e.type());
    }
    if (e.subject() == SchemaExpectation.Subject.ENUM) {
      return e.label() == null
          ? CodeBlock.of("$T.enumType($S, $L)", SchemaExpectation.class, e.table(), e.present())
          : CodeBlock.of(
              "$T.enumLabel($S, $S, $L)",
              SchemaExpectation.class,
              e.table(),
              e.label(),
              e.present());
    }
    if (e.subject() == SchemaExpectation.Subject.PARTITIONING) {
      return CodeBlock.of(
          "$T.partitioning($S, $S)", SchemaExpectation.class, e.table(), e.partitionBy());
    }
    if (e.subject() != SchemaExpectation.Subject.TABLE
        && e.subject() != SchemaExpectation.Subject.COLUMN) {
      throw new IllegalArgumentException("not a baseline fact: " + e);
    }
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
