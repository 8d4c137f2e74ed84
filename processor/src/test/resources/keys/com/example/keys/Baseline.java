package com.example.keys;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

/** Orders and their lines as they are before Straddle; the foreign key is the live catalog's. */
@ExistingTable(
    name = "orders",
    columns = {
      @Column(
          name = "id",
          type = "integer",
          notNull = true,
          primaryKey = true,
          defaultValue = "nextval('orders_id_seq'::regclass)"),
      @Column(name = "customer", type = "text")
    })
@ExistingTable(
    name = "order_lines",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "order_id", type = "integer", notNull = true),
      @Column(name = "qty", type = "integer", notNull = true)
    })
final class Baseline {}
