package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets what a table's UPDATE and DELETE records carry for logical replication ({@code ALTER TABLE
 * ... REPLICA IDENTITY}), at expand: a catalog change that both releases' writes follow alike. A
 * table that a publication replicates UPDATEs or DELETEs of refuses them without a usable identity,
 * so expand refuses {@code NOTHING} on such a table (it would fail every update and delete of both
 * releases).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ReplicaIdentity.List.class)
public @interface ReplicaIdentity {
  /** The table, {@code name} or {@code schema.name}. */
  String table();

  /** The identity. */
  Identity value();

  /**
   * With {@link Identity#USING_INDEX}: a unique, non-partial, non-deferrable index of the table on
   * NOT NULL columns only, existing when the migration expands; empty otherwise.
   */
  String index() default "";

  /** PostgreSQL's replica identities. */
  enum Identity {
    /** The primary key's columns (PostgreSQL's default). */
    DEFAULT,
    /** Every column of the old row. */
    FULL,
    /** Nothing: UPDATE and DELETE cannot be replicated. */
    NOTHING,
    /** The columns of {@link ReplicaIdentity#index()}. */
    USING_INDEX
  }

  /** Holds repeated {@link ReplicaIdentity} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    ReplicaIdentity[] value();
  }
}
