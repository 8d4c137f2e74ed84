package dev.straddle.processor.kinds;

import java.util.List;

/**
 * The registry: every table operation kind, once. The supported annotations, reading, checking,
 * replay and generation all come from this list, so a new kind is its own files (declaration, kind,
 * SQL builder) plus one line here.
 */
public final class OperationKinds {

  private OperationKinds() {}

  public static final List<OperationKind<?>> ALL =
      List.of(
          new CreateTableKind(),
          new AddColumnKind(),
          new RenameColumnKind(),
          new DropColumnKind(),
          new AlterColumnKind(),
          new ChangeColumnTypeKind(),
          new CreateIndexKind(),
          new SetNotNullKind(),
          new DropNotNullKind(),
          new SetDefaultKind(),
          new DropDefaultKind(),
          new CommentKind(),
          new AddCheckKind(),
          new AddForeignKeyKind(),
          new AddUniqueKind(),
          new DropConstraintKind(),
          new RenameConstraintKind(),
          new DropIndexKind(),
          new RenameIndexKind(),
          new CreateEnumKind(),
          new AddEnumValueKind(),
          new RenameEnumValueKind(),
          new DropEnumValueKind(),
          new CreateTriggerKind(),
          new DropTriggerKind(),
          new DropProcedureKind(),
          new RenameTableKind(),
          new DropTableKind(),
          new ReplicaIdentityKind(),
          new RawSqlKind());
}
