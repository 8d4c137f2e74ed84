package com.example.tables;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

@ExistingTable(
    name = "orders",
    columns = {
      @Column(
          name = "id",
          type = "bigint",
          notNull = true,
          primaryKey = true,
          defaultValue = "nextval('orders_id_seq'::regclass)"),
      @Column(name = "item", type = "text", notNull = true),
      @Column(name = "qty", type = "integer", notNull = true, defaultValue = "1"),
      @Column(name = "code", type = "text")
    })
@ExistingTable(
    name = "customers",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "email", type = "text", notNull = true)
    })
@ExistingTable(
    name = "legacy_notes",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "body", type = "text")
    })
final class Baseline {}
