package dev.straddle.spring.boot.autoconfigure.migrations;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

/** The table the tests create before the context starts (so the backfill has rows). */
@ExistingTable(
    name = "accounts",
    columns = {
      @Column(name = "id", type = "bigint", primaryKey = true),
      @Column(name = "name", type = "text", notNull = true)
    })
public final class Accounts {

  /** The table as {@link Accounts} declares it. */
  public static final String CREATE =
      "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL)";
}
