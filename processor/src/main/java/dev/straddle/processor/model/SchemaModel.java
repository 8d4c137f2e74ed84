package dev.straddle.processor.model;

import dev.straddle.processor.reading.AddColumnDecl;
import dev.straddle.processor.reading.AlterColumnDecl;
import dev.straddle.processor.reading.ColumnDecl;
import dev.straddle.processor.reading.CreateIndexDecl;
import dev.straddle.processor.reading.CreateTableDecl;
import dev.straddle.processor.reading.DropColumnDecl;
import dev.straddle.processor.reading.OperationDecl;
import dev.straddle.processor.reading.RenameColumnDecl;
import dev.straddle.processor.reading.TableDecl;
import dev.straddle.runtime.sql.TableName;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The schema as the replay of every migration (in id order) over the baseline leaves it. The
 * validator asks it questions before applying each operation, so an error always describes the
 * schema the operation was written against.
 */
public final class SchemaModel {

  private final Map<String, TableModel> tables = new LinkedHashMap<>();
  private final Map<String, Integer> indexes = new HashMap<>();

  /** The migration that creates the index {@code name}, or null. */
  public Integer indexCreatedBy(String name) {
    return indexes.get(name);
  }

  /** The table, or null. */
  public TableModel table(String name) {
    return tables.get(name);
  }

  public Set<String> tableNames() {
    return Set.copyOf(tables.keySet());
  }

  /** Declares a baseline table or a created one ({@code createdBy} > 0). */
  public void addTable(TableDecl decl, int createdBy) {
    tables.put(
        decl.name(),
        new TableModel(
            TableName.parse(decl.name()),
            createdBy,
            decl.columns().stream().map(ColumnModel::of).toList()));
  }

  /**
   * What {@code op} works on, as of now. A rename of a column a baseline table did not declare uses
   * the rename's explicit {@code type} (nullable, no default).
   */
  public ResolvedOperation resolve(OperationDecl op) {
    TableModel table = tables.get(op.table());
    TableName name = TableName.parse(op.table());
    if (op instanceof CreateTableDecl create) {
      Map<String, String> columns = new HashMap<>();
      create.columns().forEach(c -> columns.put(c.name(), c.type()));
      return new ResolvedOperation(op, name, null, columns);
    }
    Map<String, String> columns = new HashMap<>();
    if (table != null) {
      table.columns().forEach(c -> columns.put(c.name(), c.type()));
    }
    ColumnModel subject = null;
    if (op instanceof AddColumnDecl add) {
      columns.put(
          add.column(), ColumnKinds.added(add.table(), add.column(), add.type(), false, "").type());
    } else if (op instanceof RenameColumnDecl rename) {
      subject = table == null ? null : table.column(rename.from());
      if (subject == null) {
        subject = new ColumnModel(rename.from(), rename.type(), false, "", false);
      }
      columns.put(rename.from(), subject.type());
      columns.put(rename.to(), subject.type());
    } else if (op instanceof DropColumnDecl drop) {
      subject = table == null ? null : table.column(drop.column());
    } else if (op instanceof AlterColumnDecl alter) {
      subject = table == null ? null : table.column(alter.column());
    }
    return new ResolvedOperation(op, name, subject, columns);
  }

  /** Replays {@code op}'s effect on the new shape of the schema. */
  public void apply(int migrationId, ResolvedOperation op) {
    OperationDecl decl = op.decl();
    if (decl instanceof CreateTableDecl create) {
      addTable(create, migrationId);
    } else if (decl instanceof AddColumnDecl add) {
      tables
          .get(add.table())
          .add(
              ColumnKinds.added(
                  add.table(), add.column(), add.type(), add.notNull(), add.defaultValue()));
    } else if (decl instanceof RenameColumnDecl rename) {
      TableModel table = tables.get(rename.table());
      table.remove(rename.from(), new GoneColumn(rename.from(), migrationId, rename.to()));
      table.add(op.subject().renamed(rename.to()));
    } else if (decl instanceof DropColumnDecl drop) {
      tables
          .get(drop.table())
          .remove(drop.column(), new GoneColumn(drop.column(), migrationId, null));
    } else if (decl instanceof CreateIndexDecl index) {
      indexes.put(index.name(), migrationId);
    }
  }

  /** Whether {@code decl} declares its primary key. */
  public static boolean hasPrimaryKey(TableDecl decl) {
    return decl.columns().stream().anyMatch(ColumnDecl::primaryKey);
  }
}
