package dev.straddle.processor.reading;

import dev.straddle.processor.kinds.Operation;
import dev.straddle.processor.kinds.OperationKind;
import dev.straddle.processor.kinds.OperationKinds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Turns the Straddle annotations of the compilation into declarations, through mirrors (never
 * {@code getAnnotation}), so each declaration remembers where it was written. Operation annotations
 * are read by their kind ({@link OperationKinds#ALL}); {@code @Migration}, {@code @ExistingTable},
 * {@code @ExistingIndex}, {@code @ExistingEnum}, {@code @Procedure} and {@code @ExistingProcedure}
 * are not table operations and are read here.
 */
public final class AnnotationReader {

  private static final String DSL = "dev.straddle.dsl.";
  public static final String MIGRATION = DSL + "Migration";
  public static final String EXISTING_TABLE = DSL + "ExistingTable";
  public static final String EXISTING_INDEX = DSL + "ExistingIndex";
  private static final String PROCEDURE = DSL + "Procedure";
  public static final String EXISTING_ENUM = DSL + "ExistingEnum";
  private static final String EXISTING_PROCEDURE = DSL + "ExistingProcedure";

  /** Each operation kind by its annotation's qualified name. */
  private static final Map<String, OperationKind<?>> OPERATIONS = operations();

  /** Every annotation the processor handles, containers included. */
  public static final Set<String> SUPPORTED = supported();

  private final Elements elements;

  public AnnotationReader(Elements elements) {
    this.elements = elements;
  }

  private static Map<String, OperationKind<?>> operations() {
    Map<String, OperationKind<?>> out = new HashMap<>();
    for (OperationKind<?> kind : OperationKinds.ALL) {
      if (out.put(DSL + kind.annotation(), kind) != null) {
        throw new IllegalStateException("@" + kind.annotation() + " is registered twice");
      }
    }
    return Map.copyOf(out);
  }

  private static Set<String> supported() {
    List<String> repeatable =
        new ArrayList<>(
            List.of(EXISTING_TABLE, EXISTING_INDEX, EXISTING_ENUM, PROCEDURE, EXISTING_PROCEDURE));
    repeatable.addAll(OPERATIONS.keySet());
    List<String> names = new ArrayList<>();
    names.add(MIGRATION);
    for (String name : repeatable) {
      names.add(name);
      names.add(name + ".List");
    }
    return Set.copyOf(names);
  }

  /** Reads every annotated class; elements that are not classes cannot carry the annotations. */
  public Declarations read(Collection<? extends Element> annotated) {
    List<MigrationDecl> migrations = new ArrayList<>();
    List<ExistingTableDecl> baseline = new ArrayList<>();
    List<Operation<?>> orphans = new ArrayList<>();
    List<TypeElement> baselineOwners = new ArrayList<>();
    List<ProcedureDecl> procedureOrphans = new ArrayList<>();
    List<ExistingIndexDecl> existingIndexes = new ArrayList<>();
    List<ExistingEnumDecl> baselineEnums = new ArrayList<>();
    for (Element element : annotated) {
      if (!(element instanceof TypeElement type)) {
        continue;
      }
      List<Operation<?>> operations = new ArrayList<>();
      List<ProcedureDecl> procedures = new ArrayList<>();
      Mirrors migration = null;
      int tablesBefore = baseline.size() + existingIndexes.size() + baselineEnums.size();
      for (Placed placed : flatten(type)) {
        AnnotationMirror mirror = placed.mirror();
        String name = Mirrors.qualifiedName(mirror);
        Mirrors values = new Mirrors(elements, type, mirror, placed.repeated(), placed.index());
        OperationKind<?> kind = OPERATIONS.get(name);
        if (kind != null) {
          operations.add(Operation.read(kind, values));
        } else if (name.equals(MIGRATION)) {
          migration = values;
        } else if (name.equals(EXISTING_TABLE)) {
          baseline.add(
              new ExistingTableDecl(
                  values.site(),
                  values.string("name"),
                  values.columns(),
                  values.string("partitionBy")));
        } else if (name.equals(EXISTING_INDEX)) {
          existingIndexes.add(
              new ExistingIndexDecl(
                  values.site(),
                  values.string("table"),
                  values.string("name"),
                  values.strings("columns"),
                  values.bool("unique"),
                  values.enumName("method").toLowerCase(java.util.Locale.ROOT)));
        } else if (name.equals(EXISTING_ENUM)) {
          baselineEnums.add(
              new ExistingEnumDecl(values.site(), values.string("name"), values.strings("values")));
        } else if (name.equals(PROCEDURE)) {
          procedures.add(ProcedureReader.read(values));
        } else if (name.equals(EXISTING_PROCEDURE)) {
          procedures.add(ProcedureReader.existing(values));
        }
      }
      if (baseline.size() + existingIndexes.size() + baselineEnums.size() > tablesBefore) {
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
    return new Declarations(
        migrations,
        baseline,
        orphans,
        baselineOwners,
        procedureOrphans,
        existingIndexes,
        baselineEnums);
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
}
