package dev.straddle.runtime.internal;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.sql.IndexSql;
import dev.straddle.plan.sql.TableName;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a migration's indexes concurrently, at the end of its backfill phase. Idempotent: a valid
 * index is left alone, an INVALID one (left by a failed or interrupted build, possibly by an
 * earlier run) is dropped and built again. A build that fails drops what it left, so the database
 * holds no INVALID index because of Straddle.
 */
final class IndexBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(IndexBuilder.class);
  private static final Transition PHASE = Transition.BACKFILL;

  private final PhaseExecutor executor;

  IndexBuilder(PhaseExecutor executor) {
    this.executor = executor;
  }

  void buildAll(PlannedMigration migration) throws SQLException {
    for (IndexBuild index : migration.indexes()) {
      build(migration.id(), index);
    }
  }

  private void build(int migrationId, IndexBuild index) throws SQLException {
    TableName table = TableName.parse(index.table());
    if (Partitions.partitioned(executor.connection(), table)) {
      buildPartitioned(migrationId, index, table);
      return;
    }
    Catalog catalog = new Catalog(executor.connection());
    Boolean valid = catalog.indexValid(table, index.name());
    if (Boolean.TRUE.equals(valid)) {
      return;
    }
    if (Boolean.FALSE.equals(valid)) {
      LOG.warn(
          "migration {}: index {} is INVALID (a failed build left it); dropping and rebuilding it",
          migrationId,
          index.name());
      executor.concurrently(migrationId, PHASE, IndexSql.drop(table, index.name()));
    }
    LOG.info("migration {}: building index {} concurrently", migrationId, index.name());
    concurrently(migrationId, table, index.name(), index.sql());
  }

  /** The steps of {@link PartitionedIndex}, then a check that the parent's index is valid. */
  private void buildPartitioned(int migrationId, IndexBuild index, TableName table)
      throws SQLException {
    LOG.info(
        "migration {}: building index {} on partitioned table {}: ON ONLY the table, then"
            + " concurrently on each partition, attached",
        migrationId,
        index.name(),
        index.table());
    for (PartitionedIndex.Step step : PartitionedIndex.steps(executor.connection(), index)) {
      switch (step.kind()) {
        case TRANSACTION ->
            executor.inTransaction(
                migrationId,
                PHASE,
                tx -> {
                  tx.execute(step.sql());
                  return null;
                });
        case DROP -> {
          LOG.warn(
              "migration {}: index {} of partition {} is INVALID (a failed build left it);"
                  + " dropping and rebuilding it",
              migrationId,
              step.index(),
              step.relation());
          executor.concurrently(migrationId, PHASE, step.sql());
        }
        case BUILD -> concurrently(migrationId, step.relation(), step.index(), step.sql());
      }
    }
    if (!Boolean.TRUE.equals(new Catalog(executor.connection()).indexValid(table, index.name()))) {
      throw StraddleException.at(
          migrationId,
          PHASE,
          index.sql(),
          null,
          ErrorCode.STATEMENT_FAILED,
          "-",
          "index "
              + index.name()
              + " of partitioned table "
              + index.table()
              + " is still INVALID after every partition's index was built and attached (a"
              + " partition was attached or detached meanwhile?)",
          "; run again");
    }
  }

  /**
   * Runs one {@code CREATE INDEX CONCURRENTLY} of index {@code name} on {@code relation}; a build
   * that fails drops the INVALID index it left.
   */
  private void concurrently(int migrationId, TableName relation, String name, String sql)
      throws SQLException {
    Catalog catalog = new Catalog(executor.connection());
    try {
      executor.concurrently(migrationId, PHASE, sql);
    } catch (StraddleException e) {
      if (e.getCause() instanceof SQLException s && RunLock.lost(s, executor.connection())) {
        // The run lock went with the connection: another runner may be building this index now,
        // and its INVALID entry is not ours to drop. The next run finds and rebuilds ours.
        throw e;
      }
      if (Boolean.FALSE.equals(catalog.indexValid(relation, name))) {
        executor.concurrently(migrationId, PHASE, IndexSql.drop(relation, name));
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw StraddleException.at(
            e.migrationId(),
            e.phase(),
            e.statement(),
            cause,
            ErrorCode.INDEX_BUILD_FAILED,
            cause.getMessage());
      }
      throw e;
    }
  }
}
