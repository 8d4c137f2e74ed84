package dev.straddle.runtime.internal;

import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.sql.TableName;
import java.util.ArrayList;
import java.util.List;

/**
 * One relation the batches walk: the declared table itself, or one leaf partition of it ({@code
 * partition} its cursor key, {@code done} the partitions finished before it, {@code last} whether
 * the table is done with it).
 */
record BackfillWalk(
    String declared,
    TableName relation,
    List<Catalog.KeyColumn> key,
    List<SyncFragment> ups,
    boolean fast,
    String partition,
    List<String> done,
    boolean last,
    PartitionCursors.LeafCheckpoint own) {

  /** The walk of a plain table, one stream. */
  static BackfillWalk whole(
      String declared,
      TableName relation,
      List<Catalog.KeyColumn> key,
      List<SyncFragment> ups,
      boolean fast) {
    return new BackfillWalk(declared, relation, key, ups, fast, null, List.of(), true, null);
  }

  /**
   * The walk of leaf partition {@code leaf} by one stream, after the partitions {@code done}
   * ({@code last}: no partition follows it).
   */
  static BackfillWalk inStream(
      String declared,
      Partitions.Partition leaf,
      List<Catalog.KeyColumn> key,
      List<SyncFragment> ups,
      boolean fast,
      List<String> done,
      boolean last) {
    return new BackfillWalk(declared, leaf.table(), key, ups, fast, leaf.key(), done, last, null);
  }

  /**
   * The walk of leaf partition {@code leaf} by a partition worker, which checkpoints that
   * partition's own cursor ({@code own}).
   */
  BackfillWalk leaf(Partitions.Partition leaf, PartitionCursors.LeafCheckpoint own) {
    return new BackfillWalk(
        declared, leaf.table(), key, ups, fast, leaf.key(), List.of(), true, own);
  }

  /** The cursor after a batch that ended at {@code after} ({@code finished}: the last batch). */
  String cursor(List<String> after, boolean finished) {
    if (partition == null) {
      return Json.cursor(declared, after, finished);
    }
    List<String> partitionsDone = new ArrayList<>(done);
    if (finished) {
      partitionsDone.add(partition);
    }
    return Json.cursor(declared, after, finished && last, partition, partitionsDone);
  }
}
