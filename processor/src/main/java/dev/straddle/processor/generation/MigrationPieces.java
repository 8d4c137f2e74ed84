package dev.straddle.processor.generation;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.Irreversible;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.SyncFragment.Direction;
import dev.straddle.plan.sql.SqlExpression;
import dev.straddle.plan.sql.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operations of one migration contribute, collected in declaration order: statements per
 * phase (those that must run outside a transaction kept apart, since they run first; a contract's
 * statements for the end of its transaction and for after it, too), sync fragments and
 * expectations. Operation kinds add to it through their {@link OperationSql}.
 */
public final class MigrationPieces {

  private final List<SqlStatement> expandOutside = new ArrayList<>();
  private final List<SqlStatement> expandTypes = new ArrayList<>();
  private final List<SqlStatement> expandInside = new ArrayList<>();
  private final List<SqlStatement> expandLast = new ArrayList<>();
  private final List<SqlStatement> contractOutside = new ArrayList<>();
  private final List<SqlStatement> contractFirst = new ArrayList<>();
  private final List<SqlStatement> contractInside = new ArrayList<>();
  private final Set<SqlStatement> contractLast = new LinkedHashSet<>();
  private final List<SqlStatement> contractAfter = new ArrayList<>();
  private final Set<Swapped> swapped = new LinkedHashSet<>();

  /** A column a {@code @ChangeColumnType} of the migration swaps in for a wider type. */
  record Swapped(TableName table, String column) {}

  private final List<SqlStatement> contractData = new ArrayList<>();
  private final List<SqlStatement> undoFirst = new ArrayList<>();
  private final List<List<SqlStatement>> undoBlocks = new ArrayList<>();
  private final List<SqlStatement> undoLast = new ArrayList<>();
  private final List<String> irreversible = new ArrayList<>();
  private final List<String> left = new ArrayList<>();
  private final List<SyncFragment> fragments = new ArrayList<>();
  private final Set<SchemaExpectation> expectations = new LinkedHashSet<>();
  private final Map<String, TreeSet<String>> columns = new LinkedHashMap<>();
  private final List<IndexBuild> indexes = new ArrayList<>();

  private final Set<String> partitionedIndexes = new LinkedHashSet<>();

  void index(IndexBuild index) {
    indexes.add(index);
  }

  /**
   * An index built on a table declared partitioned (its build runs as {@code PartitionedIndex}).
   */
  void partitionedIndex(IndexBuild index) {
    indexes.add(index);
    partitionedIndexes.add(index.name());
  }

  /** The names of the indexes {@link #partitionedIndex} added. */
  Set<String> partitionedIndexes() {
    return Set.copyOf(partitionedIndexes);
  }

  List<IndexBuild> indexes() {
    return List.copyOf(indexes);
  }

  void expand(SqlStatement statement) {
    (statement.transactional() ? expandInside : expandOutside).add(statement);
  }

  /**
   * A statement of the expand transaction that goes before the others, whatever the declaration
   * order: a type the migration's columns may have ({@code CREATE TYPE}).
   */
  void expandType(SqlStatement statement) {
    expandTypes.add(statement);
  }

  void contract(SqlStatement statement) {
    (statement.transactional()
            ? contractInside
            : statement.afterTransaction() ? contractAfter : contractOutside)
        .add(statement);
  }

  /**
   * A statement for the end of the contract's transaction, after every operation's own statements;
   * the same statement given by several operations runs once. E.g. re-adding the foreign keys a
   * type change swapped, or dropping a function Straddle did not create, which a trigger the
   * migration drops may call.
   */
  void contractLast(SqlStatement statement) {
    if (!statement.transactional()) {
      throw new IllegalArgumentException("the end of the transaction is inside it");
    }
    contractLast.add(statement);
  }

  /** Records that the migration swaps {@code column} of {@code table} (see {@code declare}). */
  void swap(TableName table, String column) {
    swapped.add(new Swapped(table, column));
  }

  /** The columns the migration swaps in for a wider type, in declaration order. */
  List<Swapped> swapped() {
    return List.copyOf(swapped);
  }

  /**
   * A statement of the expand transaction after every other one (after the procedure versions the
   * migration creates): creating and moving triggers, which call those versions.
   */
  void expandLast(SqlStatement statement) {
    expandLast.add(statement);
  }

  /**
   * A statement of the contract transaction before every other one: dropping a trigger, which may
   * call a procedure version the same contract drops.
   */
  void contractFirst(SqlStatement statement) {
    contractFirst.add(statement);
  }

  /** A data step: first in the contract transaction, before every operation's contract DDL. */
  void contractData(SqlStatement statement) {
    contractData.add(statement);
  }

  /**
   * Starts the next operation's inverse: each operation's {@link #undo} statements form a block,
   * and a rollback runs the blocks in reverse declaration order (the last operation's expand is
   * undone first).
   */
  void startOperation() {
    undoBlocks.add(new ArrayList<>());
  }

  /**
   * A statement that undoes part of the current operation's expand or backfill
   * (docs/ARCHITECTURE.md, "Rollback"). Statements outside a transaction (dropping an index
   * concurrently) run before the rollback's transaction; they must be idempotent ({@code IF
   * EXISTS}), since a rollback that stopped is run again. The rollback never drops what old code
   * uses: only what the expand and backfill added.
   */
  void undo(SqlStatement statement) {
    if (statement.afterTransaction()) {
      throw new IllegalArgumentException("a rollback has nothing after its transaction");
    }
    if (undoBlocks.isEmpty()) {
      startOperation();
    }
    undoBlocks.get(undoBlocks.size() - 1).add(statement);
  }

  /**
   * A statement of the rollback transaction before every operation's own: dropping a trigger the
   * expand created or moved last ({@link #expandLast}), which calls a procedure version the
   * rollback drops.
   */
  void undoFirst(SqlStatement statement) {
    undoFirst.add(statement);
  }

  /**
   * A statement of the rollback transaction after every operation's own: dropping a type the expand
   * created first ({@link #expandType}), which the dropped columns had.
   */
  void undoLast(SqlStatement statement) {
    undoLast.add(statement);
  }

  /**
   * Marks the migration as one that cannot be rolled back, for {@code reason}: its rollback starts
   * with {@link Irreversible#statement}, which a runner refuses up front.
   */
  void irreversible(String reason) {
    irreversible.add(reason);
  }

  /**
   * What a rollback leaves in place, and why (an enum label PostgreSQL cannot drop, a widened
   * type), for the reviewable {@code rollback.sql}.
   */
  void undoLeaves(String note) {
    left.add(note);
  }

  /** What {@link #undoLeaves} recorded, in declaration order. */
  List<String> left() {
    return List.copyOf(left);
  }

  void fragment(TableName table, Direction direction, String column, String expression) {
    fragments.add(new SyncFragment(table.toString(), direction, column, expression));
  }

  void expect(SchemaExpectation expectation) {
    expectations.add(expectation);
  }

  /** Expects every column {@code expression} refers to, among {@code columnTypes}. */
  void expectReferences(TableName table, String expression, Map<String, String> columnTypes) {
    if (expression.isEmpty()) {
      return;
    }
    for (String column : SqlExpression.of(expression).referencedColumns(columnTypes.keySet())) {
      expect(SchemaExpectation.columnExists(table.toString(), column, columnTypes.get(column)));
    }
  }

  /** Remembers the columns a table has while the migration is in flight (for the sync preview). */
  void columns(TableName table, Set<String> names) {
    columns.computeIfAbsent(table.toString(), t -> new TreeSet<>()).addAll(names);
  }

  List<SqlStatement> expand() {
    return concat(expandOutside, expandTypes, expandInside, expandLast);
  }

  List<SqlStatement> contract() {
    return concat(
        contractOutside,
        contractData,
        contractFirst,
        contractInside,
        List.copyOf(contractLast),
        contractAfter);
  }

  /**
   * The rollback: the operations' statements outside a transaction (last operation first), then the
   * transaction's: {@link #undoFirst}, the operations' blocks (last operation first), {@link
   * #undoLast}.
   */
  List<SqlStatement> rollback() {
    List<SqlStatement> outside = new ArrayList<>();
    if (!irreversible.isEmpty()) {
      outside.add(Irreversible.statement(String.join("; ", irreversible)));
    }
    List<SqlStatement> inside = new ArrayList<>(undoFirst);
    for (int i = undoBlocks.size() - 1; i >= 0; i--) {
      for (SqlStatement s : undoBlocks.get(i)) {
        (s.transactional() ? inside : outside).add(s);
      }
    }
    inside.addAll(undoLast);
    return concat(outside, inside);
  }

  List<SyncFragment> fragments() {
    return List.copyOf(fragments);
  }

  /**
   * The expectations, without "exists" facts about what the migration itself creates (an expression
   * may read a column added beside it; a foreign key may reference a key of a table created beside
   * it) and without constraint facts on tables it creates.
   */
  List<SchemaExpectation> expectations() {
    List<SchemaExpectation> out = new ArrayList<>();
    for (SchemaExpectation e : expectations) {
      boolean createdHere =
          switch (e.subject()) {
            case TABLE -> e.present() && expectations.contains(tableAbsent(e));
            case COLUMN ->
                e.present()
                    && expectations.contains(SchemaExpectation.columnAbsent(e.table(), e.column()));
            case CONSTRAINT, KEY, INDEX, TRIGGER -> expectations.contains(tableAbsent(e));
            case ENUM, FUNCTION, PARTITIONING -> false;
          };
      if (!createdHere) {
        out.add(e);
      }
    }
    return out;
  }

  private static SchemaExpectation tableAbsent(SchemaExpectation e) {
    return SchemaExpectation.tableAbsent(e.table());
  }

  Map<String, Set<String>> columnsByTable() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    columns.forEach((table, names) -> out.put(table, Set.copyOf(names)));
    return out;
  }

  @SafeVarargs
  private static List<SqlStatement> concat(List<SqlStatement>... parts) {
    List<SqlStatement> out = new ArrayList<>();
    for (List<SqlStatement> part : parts) {
      out.addAll(part);
    }
    return out;
  }
}
