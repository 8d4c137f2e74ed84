package com.example.nulls;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

@ExistingTable(
    name = "accounts",
    columns = {
      @Column(
          name = "id",
          type = "bigint",
          notNull = true,
          primaryKey = true,
          defaultValue = "nextval('accounts_id_seq'::regclass)"),
      @Column(name = "email", type = "text"),
      @Column(name = "nickname", type = "text", notNull = true),
      @Column(name = "plan", type = "text", notNull = true, defaultValue = "'free'"),
      @Column(name = "created_at", type = "timestamptz"),
      @Column(name = "token", type = "uuid")
    })
final class Baseline {}
