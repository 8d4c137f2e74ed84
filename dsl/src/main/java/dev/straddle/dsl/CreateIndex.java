package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Creates an index without blocking writes: {@code CREATE INDEX CONCURRENTLY}, outside any
 * transaction, during the migration's backfill phase (after the rows are filled, so the backfill
 * does not maintain it row by row, and before code that needs the migration may start, since that
 * code needs the migration backfilled). An index on a column the same migration adds or renames is
 * fine. When a build fails (a duplicate value for a unique index, say) PostgreSQL leaves an INVALID
 * index behind; the runner drops it, reports the failure, and rebuilds it on the next run.
 *
 * <p>The index's key is {@link #columns} followed by {@link #expressions}; {@link #opclass} gives
 * one operator class per key element in that order:
 *
 * <pre>{@code
 * @CreateIndex(table = "jobs", name = "jobs_payload_idx", columns = "payload",
 *     method = IndexMethod.GIN, opclass = "jsonb_path_ops")
 * @CreateIndex(table = "users", name = "users_email_lower_idx",
 *     expressions = "lower(email)", opclass = "text_pattern_ops", with = "fillfactor=90")
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(CreateIndex.List.class)
public @interface CreateIndex {
  String table();

  /** The index's name; index names share one namespace per schema. */
  String name();

  /** The indexed columns, in order (the key's first elements). */
  String[] columns() default {};

  /**
   * Indexed expressions (SQL over the table's columns, e.g. {@code lower(email)}), after the
   * columns; each is written {@code ((expression))}.
   */
  String[] expressions() default {};

  /** Unique index: btree only. */
  boolean unique() default false;

  /** The access method (btree by default). */
  IndexMethod method() default IndexMethod.BTREE;

  /**
   * Operator classes, one per key element ({@link #columns}, then {@link #expressions}); {@code ""}
   * for an element's default class. Empty: every element's default. E.g. {@code jsonb_path_ops},
   * {@code text_pattern_ops}, or {@code schema.name}.
   */
  String[] opclass() default {};

  /**
   * Non-key columns stored in the index ({@code INCLUDE}) for index-only scans: btree and gist
   * only.
   */
  String[] include() default {};

  /**
   * Storage parameters, each {@code name=value}: {@code fillfactor} (btree, hash, gist; 10 to 100),
   * {@code deduplicate_items} (btree; on/off), {@code buffering} (gist; auto/on/off), {@code
   * fastupdate} (gin; on/off), {@code gin_pending_list_limit} (gin; kilobytes, at least 64), {@code
   * pages_per_range} (brin; 1 to 131072), {@code autosummarize} (brin; on/off).
   */
  String[] with() default {};

  /** A partial index's predicate (SQL over the table's columns); empty for none. */
  String where() default "";

  /** Holds repeated {@link CreateIndex} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    CreateIndex[] value();
  }
}
