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
import dev.straddle.plan.ProcedureVersion;
import dev.straddle.processor.model.ProcedureArguments;
import dev.straddle.processor.model.ProcedureModel;
import dev.straddle.processor.reading.ProcedureDecl;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * The {@code Procedures} class (beside the plan class): the physical name of each procedure's
 * current version for this build, and the SQL that calls it (not for a trigger function, which only
 * its triggers execute), so application code never spells a version. Also the plan class's {@code
 * procedures()}.
 */
final class ProceduresWriter {

  static final String SIMPLE_NAME = "Procedures";
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private ProceduresWriter() {}

  /** The latest version of each name, in order of first declaration. */
  static List<ProcedureModel> heads(List<ProcedureModel> all) {
    Map<String, ProcedureModel> out = new LinkedHashMap<>();
    for (ProcedureModel p : all) {
      out.merge(p.decl().name(), p, (a, b) -> a.decl().version() >= b.decl().version() ? a : b);
    }
    return List.copyOf(out.values());
  }

  static JavaFile write(
      ClassName plan, int head, List<ProcedureModel> all, List<? extends Element> originating) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(ClassName.get(plan.packageName(), SIMPLE_NAME))
            .addJavadoc(
                "The current version of every Straddle procedure of this build (head $L): use"
                    + " these names, never a version.\n",
                head)
            .addAnnotation(
                AnnotationSpec.builder(GENERATED)
                    .addMember("value", "$S", PlanWriter.PROCESSOR)
                    .build())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    originating.forEach(type::addOriginatingElement);
    for (ProcedureModel p : heads(all)) {
      ProcedureDecl d = p.decl();
      String physical = d.schema().isEmpty() ? p.objectName() : d.schema() + "." + p.objectName();
      String constant = constantName(d.name());
      type.addField(
          FieldSpec.builder(
                  String.class, constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  d.existing()
                      ? "{@code $L} version $L, adopted by migration $L: the existing function"
                          + " {@code $L($L) RETURNS $L}.\n"
                      : d.trigger()
                          ? "{@code $L} version $L (migration $L): {@code $L($L) RETURNS $L}, a"
                              + " trigger function: its triggers ({@code @CreateTrigger})"
                              + " execute it, no SQL calls it.\n"
                          : "{@code $L} version $L (migration $L): {@code $L($L) RETURNS $L}.\n",
                  d.name(),
                  d.version(),
                  p.migrationId(),
                  physical,
                  d.arguments().strip(),
                  d.returns().strip())
              .initializer("$S", physical)
              .build());
      if (d.trigger()) {
        continue; // a trigger function is executed by its triggers (@CreateTrigger), never called
      }
      int inputs = ProcedureArguments.parse(d.arguments()).inputs();
      type.addField(
          FieldSpec.builder(
                  String.class,
                  constant + "_CALL",
                  Modifier.PUBLIC,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .addJavadoc(
                  "Calls {@link #$L}, one JDBC parameter per argument: for {@code"
                      + " prepareStatement}.\n",
                  constant)
              .initializer("$S", call(physical, inputs))
              .build());
    }
    return JavaFile.builder(plan.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  /** {@code SELECT * FROM name(?, ?)}: works for set-returning, scalar and void functions. */
  static String call(String physical, int inputs) {
    return "SELECT * FROM "
        + physical
        + "("
        + String.join(", ", Collections.nCopies(inputs, "?"))
        + ")";
  }

  static String constantName(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  /** Adds {@code procedures()} to the plan class. */
  static void addToPlan(TypeSpec.Builder plan, List<ProcedureVersion> versions) {
    TypeName list =
        ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(ProcedureVersion.class));
    List<CodeBlock> items =
        versions.stream()
            .map(
                v ->
                    CodeBlock.of(
                        "new $T($S, $L, $S, $L, $S, $S)",
                        ProcedureVersion.class,
                        v.name(),
                        v.version(),
                        v.schema(),
                        v.migration(),
                        v.identityArguments(),
                        v.checksum()))
            .toList();
    plan.addField(
        FieldSpec.builder(list, "PROCEDURES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer(
                CodeBlock.builder()
                    .add("$T.of(\n$>$>", List.class)
                    .add(CodeBlock.join(items, ",\n"))
                    .add("$<$<)")
                    .build())
            .build());
    plan.addMethod(
        MethodSpec.methodBuilder("procedures")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(list)
            .addStatement("return PROCEDURES")
            .build());
  }
}
