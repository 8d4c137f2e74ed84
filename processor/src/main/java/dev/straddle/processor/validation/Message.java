package dev.straddle.processor.validation;

/**
 * Every error the processor reports, with its stable id. Ids never change once released (tests and
 * users grep for them); texts may improve. Arguments are formatted with {@link String#format}.
 */
public enum Message {
  DUPLICATE_MIGRATION_ID(
      "StraddleDuplicateMigrationId", "migration id %d is already used by %s; ids must be unique"),
  INVALID_MIGRATION_ID(
      "StraddleInvalidMigrationId", "migration id %d is not positive; ids start at 1"),
  EMPTY_DESCRIPTION(
      "StraddleEmptyDescription", "migration %d has no description; it is recorded in the history"),
  EMPTY_MIGRATION("StraddleEmptyMigration", "migration %d declares no operation"),
  NOT_A_MIGRATION(
      "StraddleNotAMigration",
      "@%s is on %s, which has no @Migration; operations belong on a migration class"),
  BASELINE_ON_MIGRATION(
      "StraddleBaselineOnMigration",
      "@ExistingTable declares the baseline and belongs on a class without @Migration, not on"
          + " migration %d"),
  UNKNOWN_TABLE(
      "StraddleUnknownTable",
      "table \"%s\" is neither declared with @ExistingTable nor created by a migration before"
          + " migration %d%s"),
  UNKNOWN_COLUMN("StraddleUnknownColumn", "table \"%s\" has no column \"%s\" at migration %d%s"),
  COLUMN_GONE(
      "StraddleColumnGone", "column \"%s\" of table \"%s\" was %s; migration %d cannot use it"),
  DUPLICATE_TABLE("StraddleDuplicateTable", "table \"%s\" already exists (%s)"),
  DUPLICATE_COLUMN("StraddleDuplicateColumn", "table \"%s\" already has a column \"%s\"%s"),
  NOT_NULL_WITHOUT_VALUE(
      "StraddleNotNullWithoutValue",
      "NOT NULL column \"%s\" needs a defaultValue or an up expression: rows written by old code"
          + " and pre-existing rows would have no value"),
  GENERATED_COLUMN_ADDED(
      "StraddleGeneratedColumnAdded",
      "type \"%s\" of column \"%s\" declares a generated column: adding one to an existing"
          + " table makes PostgreSQL rewrite the whole table under an ACCESS EXCLUSIVE lock,"
          + " blocking the running release while it computes every row; %s"),
  SERIAL_WITH_DEFAULT(
      "StraddleSerialWithDefault",
      "column \"%s\" is %s, whose default is the next value of its own sequence; give no"
          + " defaultValue (or use the integer type with this default)"),
  RENAME_SEQUENCE_COLUMN(
      "StraddleRenameSequenceColumn",
      "column \"%s\" of table \"%s\" is declared as %s: a rename copies the column, and a copy"
          + " declared like it would number every row anew (and rewrite the table) instead of"
          + " keeping its values. Declare the column in @ExistingTable as the integer type with"
          + " its default, e.g. type = \"bigint\", defaultValue ="
          + " \"nextval('%s_%s_seq'::regclass)\": the copy then keeps every value and the"
          + " sequence, which contract hands to the new column"),
  DROP_NOT_NULL_WITHOUT_DOWN(
      "StraddleDropNotNullWithoutDown",
      "column \"%s\" of table \"%s\" is NOT NULL without a default; give down, the value old code"
          + " reads for rows written by new code"),
  ALTER_WITHOUT_EXPRESSION(
      "StraddleAlterWithoutExpression",
      "@AlterColumn of \"%s\" needs up, down or both; without them it changes nothing"),
  EXPRESSION_UNKNOWN_COLUMN(
      "StraddleExpressionUnknownColumn",
      "%s reads \"%s\", but table \"%s\" has no such column at migration %d%s; an expression"
          + " reads columns of its own table by bare name, and one that names a missing column"
          + " would fail every write that runs it"),
  ALTER_BOTH_DIRECTIONS(
      "StraddleAlterBothDirections",
      "@AlterColumn of \"%s\" gives both up and down: one stored column holds one meaning at a"
          + " time, and with both the value a row keeps depends on which release wrote it last;"
          + " give one direction, or add a column with the new meaning (@AddColumn with up) and"
          + " drop the old one (@DropColumn with down)"),
  INVALID_TYPE("StraddleInvalidType", "%s is \"%s\", which is not a type name: %s"),
  PROCEDURE_CALLS_DROPPED_VERSION(
      "StraddleProcedureCallsDroppedVersion",
      "the body of procedure \"%s\" version %d calls %s, which the contract of migration %d"
          + " drops (it declares %s version %d); %s"),
  INVALID_IDENTIFIER("StraddleInvalidIdentifier", "%s \"%s\" is not a valid identifier: %s"),
  UNSAFE_SQL("StraddleUnsafeSql", "%s is not safe to embed in generated SQL: %s"),
  RENAME_TYPE_UNKNOWN(
      "StraddleRenameTypeUnknown",
      "the type of column \"%s\" of table \"%s\" is unknown (not declared in @ExistingTable); give"
          + " type so the new column can be created"),
  RENAME_TYPE_MISMATCH(
      "StraddleRenameTypeMismatch",
      "type \"%s\" contradicts the type \"%s\" the schema model knows for column \"%s\""),
  MISSING_PRIMARY_KEY(
      "StraddleMissingPrimaryKey",
      "table \"%s\" has no primary key column; backfills walk tables by primary key"),
  PRIMARY_KEY_CHANGE(
      "StraddlePrimaryKeyChange",
      "column \"%s\" is part of the primary key of table \"%s\"; backfills walk the key and"
          + " contract would drop the constraint with the column, so it cannot be renamed or"
          + " dropped"),
  INVALID_PARTITION_BY("StraddleInvalidPartitionBy", "partitionBy of table \"%s\" is \"%s\": %s"),
  PARTITION_KEY_CHANGE(
      "StraddlePartitionKeyChange",
      "column \"%s\" is in the partition key of table \"%s\" (partitionBy = \"%s\"):"
          + " PostgreSQL cannot drop it or change its type, and a sync trigger must not move a row"
          + " to another partition, so @%s cannot change it"),
  PARTITIONED_TABLE(
      "StraddlePartitionedTable",
      "@%s on table \"%s\", which is partitioned (partitionBy = \"%s\"): %s"),
  CONFLICTING_OPERATIONS(
      "StraddleConflictingOperations",
      "column \"%s\" of table \"%s\" is already changed by @%s in migration %d; one migration"
          + " may change a column only once"),
  INDEX_WITHOUT_COLUMNS(
      "StraddleIndexWithoutColumns", "index \"%s\" names no columns and no expressions"),
  DUPLICATE_INDEX(
      "StraddleDuplicateIndex",
      "an index named \"%s\" already exists (%s); index names share one namespace per schema"),
  DUPLICATE_PROCEDURE_VERSION(
      "StraddleDuplicateProcedureVersion",
      "procedure \"%s\" version %d is already declared by migration %d (%s); an applied version"
          + " is immutable, so a change is a new version"),
  PROCEDURE_VERSION_SEQUENCE("StraddleProcedureVersionSequence", "procedure \"%s\" version %d: %s"),
  PROCEDURE_GONE_COLUMN(
      "StraddleProcedureGoneColumn",
      "the body of procedure \"%s\" version %d reads column \"%s\" of table \"%s\", which is %s:"
          + " the column is gone once that migration is contracted, while this version is still"
          + " called; %s"),
  PROCEDURE_GONE_TABLE(
      "StraddleProcedureGoneTable",
      "the body of procedure \"%s\" version %d reads table \"%s\", which is %s: the name is gone"
          + " once that migration is contracted, while this version is still called; %s"),
  PROCEDURE_UNKNOWN_TABLE(
      "StraddleProcedureUnknownTable",
      "the body of procedure \"%s\" version %d reads table \"%s\", which is neither declared"
          + " with @ExistingTable nor created by a migration up to migration %d%s"),
  // Triggers and adopted functions (@CreateTrigger, @DropTrigger, @ExistingProcedure,
  // @DropProcedure; docs/ARCHITECTURE.md, "Triggers and existing functions").
  TRIGGER_PROCEDURE("StraddleTriggerProcedure", "trigger \"%s\" calls procedure \"%s\", which %s"),
  TRIGGER_FUNCTION("StraddleTriggerFunction", "procedure \"%s\" version %d %s"),
  DUPLICATE_TRIGGER("StraddleDuplicateTrigger", "table \"%s\" already has a trigger \"%s\" (%s)"),
  TRIGGER_BEFORE_SYNC(
      "StraddleTriggerBeforeSync",
      "trigger name \"%s\" %s \"_straddle_sync\", Straddle's sync trigger: PostgreSQL fires"
          + " the triggers of one event and timing in name order, and a user trigger fires after"
          + " the sync trigger, on a row with the columns of both releases filled in; choose a"
          + " name that starts with a letter"),
  INVALID_TRIGGER("StraddleInvalidTrigger", "trigger \"%s\" on table \"%s\": %s"),
  FUNCTION_ARGUMENT_TYPES(
      "StraddleFunctionArgumentTypes",
      "arguments of %s: %s; give the argument types only, comma separated, as PostgreSQL"
          + " identifies a function (e.g. \"text, integer\")"),
  PROCEDURE_DROP("StraddleProcedureDrop", "%s: %s"),
  // Column type changes (@ChangeColumnType, docs/ARCHITECTURE.md, "Column type changes").
  TYPE_CHANGE_UNSAFE(
      "StraddleTypeChangeUnsafe",
      "column \"%s\" of table \"%s\" cannot change from %s to %s in place: %s; instead add a"
          + " new column with @AddColumn (up and down converting between the types) and drop"
          + " this one with @DropColumn. A column that an index, view or constraint other than"
          + " its primary key and its foreign keys depends on is refused at expand"),
  TYPE_CHANGE_FOREIGN_KEY(
      "StraddleTypeChangeForeignKey",
      "column \"%s\" of table \"%s\" is referenced by foreign key \"%s\" of table \"%s\","
          + " whose column \"%s\" must widen with it in the same migration (the contract"
          + " re-creates the foreign key against the swapped key, and a narrower column could not"
          + " hold the new keys)%s; add @ChangeColumnType(table = \"%s\", column = \"%s\","
          + " type = \"%s\") to migration %d"),
  WRITE_FAILED("StraddleWriteFailed", "could not write the generated files: %s"),
  LATE_ROUND(
      "StraddleLateRound",
      "%s was generated by another annotation processor after Straddle had run; declare"
          + " migrations in hand-written sources"),

  // Nullability and defaults of existing columns (@SetNotNull, @DropNotNull, @SetDefault,
  // @DropDefault; docs/ARCHITECTURE.md, "Nullability and defaults of existing columns").
  SET_NOT_NULL_WITHOUT_UP(
      "StraddleSetNotNullWithoutUp",
      "@SetNotNull of column \"%s\" of table \"%s\" needs up, the value for a row where the"
          + " column holds NULL: old code was built on a nullable column, and its writes of NULL"
          + " would fail the new check from expand on (the sync trigger gives them up), as would"
          + " validating the rows that already hold NULL (the backfill gives them up)%s"),
  NULLABLE_WITHOUT_DOWN(
      "StraddleNullableWithoutDown",
      "@DropNotNull of column \"%s\" of table \"%s\" needs down, the value stored where new"
          + " code writes NULL while old code runs: old code was built on a column that always has"
          + " a value, so NOT NULL stays until contract and the sync trigger stores down instead"),
  NOTHING_TO_CHANGE(
      "StraddleNothingToChange",
      "column \"%s\" of table \"%s\" %s at migration %d, so @%s changes nothing%s"),
  PRIMARY_KEY_NULLABLE(
      "StraddlePrimaryKeyNullable",
      "column \"%s\" is part of the primary key of table \"%s\", which PostgreSQL keeps NOT"
          + " NULL; it cannot hold NULL"),

  // Identity columns (@Column(identity = ...); docs/ARCHITECTURE.md, "Identity columns").
  IDENTITY_TYPE(
      "StraddleIdentityType",
      "column \"%s\" is %s, but an identity column is smallint, integer or bigint"),
  IDENTITY_WITH_DEFAULT(
      "StraddleIdentityWithDefault",
      "column \"%s\" is an identity column, numbered by its own sequence; give no defaultValue"),
  IDENTITY_COLUMN_CHANGE(
      "StraddleIdentityColumnChange",
      "column \"%s\" of table \"%s\" is an identity column (GENERATED %s AS IDENTITY): %s"),

  // Constraints (docs/ARCHITECTURE.md, "Constraints").
  DUPLICATE_CONSTRAINT(
      "StraddleDuplicateConstraint",
      "table \"%s\" already has a constraint \"%s\" (%s); constraint names are unique per table"),
  UNKNOWN_CONSTRAINT(
      "StraddleUnknownConstraint", "table \"%s\" has no constraint \"%s\" at migration %d%s"),
  CONSTRAINT_WITHOUT_COLUMNS("StraddleConstraintWithoutColumns", "%s \"%s\" names no columns"),
  CHECK_UP_COLUMN("StraddleCheckUpColumn", "check \"%s\": %s"),
  FOREIGN_KEY_COLUMN_COUNT(
      "StraddleForeignKeyColumnCount",
      "foreign key \"%s\" has %d column(s) but references %d column(s) of table \"%s\""),
  FOREIGN_KEY_TYPE_MISMATCH(
      "StraddleForeignKeyTypeMismatch",
      "column \"%s\" of foreign key \"%s\" is %s, but the column it references, \"%s\" of"
          + " table \"%s\", is %s; declare both with the same type (PostgreSQL accepts some mixed"
          + " pairs, but then compares every row through a cast)"),
  FOREIGN_KEY_NOT_KEY(
      "StraddleForeignKeyNotKey", "foreign key \"%s\" references (%s) of table \"%s\", %s"),
  FOREIGN_KEY_ACTION(
      "StraddleForeignKeyAction",
      "foreign key \"%s\": ON %s %s would set column \"%s\" to null, which it refuses (NOT NULL%s);"
          + " PostgreSQL would fail the delete or update instead"),
  CONSTRAINT_IN_USE(
      "StraddleConstraintInUse",
      "%s \"%s\" of table \"%s\" is the key that foreign key \"%s\" of table \"%s\""
          + " references, and PostgreSQL refuses to drop it; drop that foreign key in an earlier"
          + " migration"),

  // Indexes (docs/ARCHITECTURE.md, "Indexes").
  INDEX_METHOD("StraddleIndexMethod", "index \"%s\": %s"),
  INDEX_OPERATOR_CLASSES(
      "StraddleIndexOperatorClasses",
      "index \"%s\" has %d key element(s) (columns, then expressions) but %d operator class(es);"
          + " give one per element, \"\" for an element's default class"),
  INDEX_STORAGE_PARAMETER("StraddleIndexStorageParameter", "index \"%s\": %s"),
  UNKNOWN_INDEX("StraddleUnknownIndex", "table \"%s\" has no index \"%s\" at migration %d%s"),
  INDEX_OF_CONSTRAINT(
      "StraddleIndexOfConstraint", "index \"%s\" of table \"%s\" is the index of %s; %s"),

  // Enum types (docs/ARCHITECTURE.md, "Enum types").
  UNKNOWN_ENUM(
      "StraddleUnknownEnum",
      "enum type \"%s\" is neither declared with @ExistingEnum nor created by a migration before"
          + " migration %d%s"),
  UNKNOWN_TYPE(
      "StraddleUnknownType",
      "%s is \"%s\", which is neither a type PostgreSQL has built in nor an enum type known at"
          + " migration %d%s"),
  DUPLICATE_ENUM("StraddleDuplicateEnum", "enum type \"%s\" already exists (%s)"),
  ENUM_LABEL("StraddleEnumLabel", "label '%s' of enum type \"%s\": %s"),
  ENUM_CONFLICT(
      "StraddleConflictingEnumOperations",
      "enum type \"%s\" is already changed by @%s in migration %d; %s"),
  ENUM_VALUE_GONE(
      "StraddleEnumValueGone",
      "%s uses the label '%s' of enum type \"%s\", which was %s; migration %d cannot use it"),
  ENUM_VALUE_IN_USE(
      "StraddleEnumValueInUse",
      "label '%s' of enum type \"%s\" is still used by %s, which PostgreSQL would refuse once the"
          + " label is gone; %s"),
  ENUM_COLUMN_IN_VIEW(
      "StraddleEnumColumnInView",
      "the view \"%s\" that @RenameTable keeps until its contract has column \"%s\" of enum type"
          + " \"%s\", which the @DropEnumValue declared before it moves in the same contract,"
          + " and PostgreSQL cannot change the type of a column a view uses; %s"),

  // Tables, replica identity and raw SQL (docs/ARCHITECTURE.md, "Tables", "Raw SQL").
  TABLE_GONE("StraddleTableGone", "table \"%s\" was %s; migration %d cannot use it"),
  TABLE_NOT_ALONE(
      "StraddleTableNotAlone",
      "migration %d %s table \"%s\", so no other operation of it may name that table (@%s"
          + " does): PostgreSQL would see the table under one name only; declare that operation in"
          + " %s migration"),
  RENAME_TABLE_SCHEMA(
      "StraddleRenameTableSchema",
      "table \"%s\" can only be renamed within its schema; write to as \"%s\""),
  TABLE_REFERENCED(
      "StraddleTableReferenced",
      "table \"%s\" is referenced by foreign key \"%s\" of table \"%s\", and PostgreSQL refuses"
          + " to drop it; drop that foreign key in an earlier migration, or with @DropConstraint"
          + " declared before this @DropTable in the same migration"),
  REPLICA_IDENTITY_INDEX("StraddleReplicaIdentityIndex", "replica identity of table \"%s\": %s"),
  RAW_SQL("StraddleRawSql", "@RawSql: %s");

  private final String id;
  private final String template;

  Message(String id, String template) {
    this.id = id;
    this.template = template;
  }

  public String id() {
    return id;
  }

  /** {@code [Id] text}. */
  public String format(Object... args) {
    return "[" + id + "] " + String.format(template, args);
  }
}
