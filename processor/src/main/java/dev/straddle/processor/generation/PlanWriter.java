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
import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.ProcedureVersion;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * The plan class: every migration's statements, fragments, expectations and checksum as string
 * literals in a few {@code part<k>()} methods (about {@value #PART_SIZE} strings each, so no method
 * grows with the project), decoded once by a generated {@code decode} method.
 */
final class PlanWriter {

  static final String PROCESSOR = "dev.straddle.processor.StraddleProcessor";
  private static final ClassName LIST = ClassName.get(List.class);

  /** The plan class's method that decodes the parts' strings into migrations. */
  private static final String DECODER = "decode";

  /** Starts a migration in the parts: id, description and checksum follow. */
  private static final String MIGRATION_TAG = "migration";

  /** Strings per part method (the last migration of a part may go over). */
  static final int PART_SIZE = 2000;

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
                    : CodeBlock.of("$N($L)", DECODER, CodeBlock.join(partCalls, ", ")))
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
    if (!parts.isEmpty()) {
      type.addMethod(decoder());
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
   * Every migration as strings: {@code "migration", id, description, checksum}, then its items,
   * each a tag and that tag's values, in the order of the plan's lists. Grouped into parts of about
   * {@value #PART_SIZE} strings (one array initializer per method, far below the 64 KB limit of a
   * method's code); a migration is never split.
   */
  private static List<List<String>> parts(List<GeneratedMigration> migrations) {
    List<List<String>> parts = new ArrayList<>();
    List<String> part = new ArrayList<>();
    for (GeneratedMigration m : migrations) {
      List<String> items = items(m.planned());
      if (!part.isEmpty() && part.size() + items.size() > PART_SIZE) {
        parts.add(part);
        part = new ArrayList<>();
      }
      part.addAll(items);
    }
    if (!part.isEmpty()) {
      parts.add(part);
    }
    return parts;
  }

  private static List<String> items(PlannedMigration m) {
    List<String> out = new ArrayList<>();
    out.addAll(
        Arrays.asList(MIGRATION_TAG, Integer.toString(m.id()), m.description(), m.checksum()));
    for (SqlStatement s : m.expand()) {
      item(out, s.transactional() ? Tag.EXPAND : Tag.EXPAND_OUTSIDE, s.sql());
    }
    for (SqlStatement s : m.contract()) {
      item(out, s.transactional() ? Tag.CONTRACT : Tag.CONTRACT_OUTSIDE, s.sql());
    }
    for (SyncFragment f : m.fragments()) {
      item(
          out,
          f.direction() == SyncFragment.Direction.UP ? Tag.UP : Tag.DOWN,
          f.table(),
          f.column(),
          f.expression());
    }
    for (SchemaExpectation e : m.expectations()) {
      if (e.column() == null) {
        item(out, e.present() ? Tag.TABLE_EXISTS : Tag.TABLE_ABSENT, e.table());
      } else if (e.present()) {
        item(out, Tag.COLUMN_EXISTS, e.table(), e.column(), e.type());
      } else {
        item(out, Tag.COLUMN_ABSENT, e.table(), e.column());
      }
    }
    for (IndexBuild index : m.indexes()) {
      item(out, Tag.INDEX, index.table(), index.name(), index.sql());
    }
    return out;
  }

  private static void item(List<String> out, Tag tag, String... values) {
    out.add(tag.text);
    out.addAll(Arrays.asList(values));
  }

  /**
   * {@code part<k>()}: string literals only, one migration's header or item per line. Literals are
   * what javac attributes fastest: a method per migration nesting {@code List.of(...)} and factory
   * calls made the plan class of a large project cost more to compile than the project.
   */
  private static MethodSpec part(int k, List<String> strings) {
    CodeBlock.Builder body = CodeBlock.builder().add("return new String[] {$>$>");
    int i = 0;
    while (i < strings.size()) {
      String tag = strings.get(i);
      int arity = tag.equals(MIGRATION_TAG) ? 3 : Tag.of(tag).arity;
      body.add(i == 0 ? "\n" : ",\n");
      if (tag.equals(MIGRATION_TAG) && i > 0) {
        body.add("\n");
      }
      for (int j = i; j <= i + arity; j++) {
        body.add(j == i ? "$S" : ", $S", strings.get(j));
      }
      i += arity + 1;
    }
    body.add("$<$<\n};\n");
    return MethodSpec.methodBuilder("part" + k)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(ArrayTypeName.of(String.class))
        .addCode(body.build())
        .build();
  }

  /** The tags of a migration's items; each is followed by {@code arity} string values. */
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

    static Tag of(String text) {
      for (Tag tag : values()) {
        if (tag.text.equals(text)) {
          return tag;
        }
      }
      throw new IllegalArgumentException(text);
    }

    Tag(String text, int arity, String statement, Object... types) {
      this.text = text;
      this.arity = arity;
      this.statement = statement;
      this.types = types;
    }
  }

  /** The one method that turns the parts' strings into the plan's migrations. */
  private static MethodSpec decoder() {
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement(
        "$T<$T> migrations = new $T<>()", LIST, PlannedMigration.class, ArrayList.class);
    body.beginControlFlow("for (String[] items : parts)");
    body.addStatement("int i = 0");
    body.beginControlFlow("while (i < items.length)");
    body.add("// items[i] is $S; then id, description, checksum\n", MIGRATION_TAG);
    body.addStatement("int id = $T.parseInt(items[i + 1])", Integer.class);
    body.addStatement("String description = items[i + 2]");
    body.addStatement("String checksum = items[i + 3]");
    body.addStatement("i += 4");
    for (String list : List.of("expand", "contract")) {
      body.addStatement("$T<$T> $N = new $T<>()", LIST, SqlStatement.class, list, ArrayList.class);
    }
    body.addStatement("$T<$T> fragments = new $T<>()", LIST, SyncFragment.class, ArrayList.class);
    body.addStatement(
        "$T<$T> expectations = new $T<>()", LIST, SchemaExpectation.class, ArrayList.class);
    body.addStatement("$T<$T> indexes = new $T<>()", LIST, IndexBuild.class, ArrayList.class);
    body.beginControlFlow("while (i < items.length && !items[i].equals($S))", MIGRATION_TAG);
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
        "migrations.add(new $T(id, description, checksum, expand, contract, fragments,"
            + " expectations, indexes))",
        PlannedMigration.class);
    body.endControlFlow();
    body.endControlFlow();
    body.addStatement("return $T.copyOf(migrations)", LIST);
    return MethodSpec.methodBuilder(DECODER)
        .addJavadoc(
            "The migrations from the parts' strings: $S, id, description, checksum, then the"
                + " migration's items, each a tag and that many strings (literals compile far"
                + " faster than nested calls).\n",
            MIGRATION_TAG)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(ParameterizedTypeName.get(LIST, ClassName.get(PlannedMigration.class)))
        .addParameter(ArrayTypeName.of(ArrayTypeName.of(String.class)), "parts")
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
