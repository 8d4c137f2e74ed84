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

  /** The plan class's method that decodes the migration factories' items. */
  private static final String DECODER = "migration";

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
    if (!migrations.isEmpty()) {
      type.addMethod(decoder());
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

  /**
   * {@code migration<id>()}: the migration's values as string literals after a tag each, decoded by
   * {@link #decoder()}. Literals are what javac attributes fastest; nested {@code List.of(...)} and
   * factory calls made the plan class of a large project cost more to compile than the project.
   */
  private static MethodSpec factory(PlannedMigration m) {
    CodeBlock.Builder body =
        CodeBlock.builder()
            .add("return $N(\n$>$>", DECODER)
            .add("$L,\n$S,\n$S", m.id(), m.description(), m.checksum());
    for (SqlStatement s : m.expand()) {
      item(body, s.transactional() ? Tag.EXPAND : Tag.EXPAND_OUTSIDE, s.sql());
    }
    for (SqlStatement s : m.contract()) {
      item(body, s.transactional() ? Tag.CONTRACT : Tag.CONTRACT_OUTSIDE, s.sql());
    }
    for (SyncFragment f : m.fragments()) {
      item(
          body,
          f.direction() == SyncFragment.Direction.UP ? Tag.UP : Tag.DOWN,
          f.table(),
          f.column(),
          f.expression());
    }
    for (SchemaExpectation e : m.expectations()) {
      if (e.column() == null) {
        item(body, e.present() ? Tag.TABLE_EXISTS : Tag.TABLE_ABSENT, e.table());
      } else if (e.present()) {
        item(body, Tag.COLUMN_EXISTS, e.table(), e.column(), e.type());
      } else {
        item(body, Tag.COLUMN_ABSENT, e.table(), e.column());
      }
    }
    for (IndexBuild index : m.indexes()) {
      item(body, Tag.INDEX, index.table(), index.name(), index.sql());
    }
    body.add(");\n$<$<");
    return MethodSpec.methodBuilder("migration" + m.id())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(PlannedMigration.class)
        .addCode(body.build())
        .build();
  }

  private static void item(CodeBlock.Builder body, Tag tag, String... values) {
    body.add(",\n$S", tag.text);
    for (String value : values) {
      body.add(", $S", value);
    }
  }

  /** The tags of a factory's items; each is followed by {@code arity} string values. */
  private enum Tag {
    EXPAND("expand", 1, "expand.add($T.inTransaction(items[i]))", SqlStatement.class),
    EXPAND_OUTSIDE(
        "expand outside a transaction",
        1,
        "expand.add($T.outsideTransaction(items[i]))",
        SqlStatement.class),
    CONTRACT("contract", 1, "contract.add($T.inTransaction(items[i]))", SqlStatement.class),
    CONTRACT_OUTSIDE(
        "contract outside a transaction",
        1,
        "contract.add($T.outsideTransaction(items[i]))",
        SqlStatement.class),
    UP(
        "up",
        3,
        "fragments.add(new $T(items[i], $T.UP, items[i + 1], items[i + 2]))",
        SyncFragment.class,
        SyncFragment.Direction.class),
    DOWN(
        "down",
        3,
        "fragments.add(new $T(items[i], $T.DOWN, items[i + 1], items[i + 2]))",
        SyncFragment.class,
        SyncFragment.Direction.class),
    TABLE_EXISTS(
        "table exists", 1, "expectations.add($T.tableExists(items[i]))", SchemaExpectation.class),
    TABLE_ABSENT(
        "table absent", 1, "expectations.add($T.tableAbsent(items[i]))", SchemaExpectation.class),
    COLUMN_EXISTS(
        "column exists",
        3,
        "expectations.add($T.columnExists(items[i], items[i + 1], items[i + 2]))",
        SchemaExpectation.class),
    COLUMN_ABSENT(
        "column absent",
        2,
        "expectations.add($T.columnAbsent(items[i], items[i + 1]))",
        SchemaExpectation.class),
    INDEX(
        "index", 3, "indexes.add(new $T(items[i], items[i + 1], items[i + 2]))", IndexBuild.class);

    final String text;
    final int arity;
    final String statement;
    final Object[] types;

    Tag(String text, int arity, String statement, Object... types) {
      this.text = text;
      this.arity = arity;
      this.statement = statement;
      this.types = types;
    }
  }

  /** The one method that turns a factory's tagged strings into a {@code PlannedMigration}. */
  private static MethodSpec decoder() {
    TypeName strings = ArrayTypeName.of(String.class);
    CodeBlock.Builder body = CodeBlock.builder();
    for (String list : List.of("expand", "contract")) {
      body.addStatement("$T<$T> $N = new $T<>()", LIST, SqlStatement.class, list, ArrayList.class);
    }
    body.addStatement("$T<$T> fragments = new $T<>()", LIST, SyncFragment.class, ArrayList.class);
    body.addStatement(
        "$T<$T> expectations = new $T<>()", LIST, SchemaExpectation.class, ArrayList.class);
    body.addStatement("$T<$T> indexes = new $T<>()", LIST, IndexBuild.class, ArrayList.class);
    body.addStatement("int i = 0");
    body.beginControlFlow("while (i < items.length)");
    body.addStatement("String tag = items[i++]");
    body.beginControlFlow("switch (tag)");
    for (Tag tag : Tag.values()) {
      body.add("case $S:\n$>", tag.text);
      body.addStatement(tag.statement, tag.types);
      body.addStatement("i += $L", tag.arity);
      body.addStatement("break$<");
    }
    body.add("default:\n$>");
    body.addStatement(
        "throw new $T($S + tag)$<", IllegalStateException.class, "unknown plan item ");
    body.endControlFlow();
    body.endControlFlow();
    body.addStatement(
        "return new $T(id, description, checksum, expand, contract, fragments, expectations,"
            + " indexes)",
        PlannedMigration.class);
    return MethodSpec.methodBuilder(DECODER)
        .addJavadoc(
            "A migration from its factory's items: a tag, then that many strings"
                + " (literals compile faster than nested calls).\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(PlannedMigration.class)
        .addParameter(int.class, "id")
        .addParameter(String.class, "description")
        .addParameter(String.class, "checksum")
        .addParameter(strings, "items")
        .varargs(true)
        .addCode(body.build())
        .build();
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
