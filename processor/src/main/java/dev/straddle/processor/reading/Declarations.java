package dev.straddle.processor.reading;

import dev.straddle.processor.kinds.Operation;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * Everything one compilation declares.
 *
 * @param migrations classes with {@code @Migration}, in source order
 * @param baseline every {@code @ExistingTable}
 * @param orphans operations on classes without {@code @Migration}
 * @param baselineOwners the classes that carry {@code @ExistingTable}
 * @param procedureOrphans {@code @Procedure}s on classes without {@code @Migration}
 * @param existingIndexes every {@code @ExistingIndex}
 * @param baselineEnums every {@code @ExistingEnum}
 */
public record Declarations(
    List<MigrationDecl> migrations,
    List<ExistingTableDecl> baseline,
    List<Operation<?>> orphans,
    List<TypeElement> baselineOwners,
    List<ProcedureDecl> procedureOrphans,
    List<ExistingIndexDecl> existingIndexes,
    List<ExistingEnumDecl> baselineEnums) {

  public Declarations {
    existingIndexes = List.copyOf(existingIndexes);
    baselineEnums = List.copyOf(baselineEnums);
    migrations = List.copyOf(migrations);
    baseline = List.copyOf(baseline);
    orphans = List.copyOf(orphans);
    baselineOwners = List.copyOf(baselineOwners);
    procedureOrphans = List.copyOf(procedureOrphans);
  }

  /** Without procedures. */
  public Declarations(
      List<MigrationDecl> migrations,
      List<ExistingTableDecl> baseline,
      List<Operation<?>> orphans,
      List<TypeElement> baselineOwners) {
    this(migrations, baseline, orphans, baselineOwners, List.of(), List.of(), List.of());
  }

  /** Without baseline indexes and enums. */
  public Declarations(
      List<MigrationDecl> migrations,
      List<ExistingTableDecl> baseline,
      List<Operation<?>> orphans,
      List<TypeElement> baselineOwners,
      List<ProcedureDecl> procedureOrphans) {
    this(migrations, baseline, orphans, baselineOwners, procedureOrphans, List.of(), List.of());
  }
}
