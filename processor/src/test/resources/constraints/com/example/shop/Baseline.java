package com.example.shop;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

@ExistingTable(
    name = "customers",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "email", type = "text")
    })
@ExistingTable(
    name = "regions",
    columns = {
      @Column(name = "country", type = "text", notNull = true, primaryKey = true),
      @Column(name = "code", type = "text", notNull = true, primaryKey = true)
    })
@ExistingTable(
    name = "orders",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "customer_id", type = "bigint"),
      @Column(name = "quantity", type = "integer"),
      @Column(name = "country", type = "text"),
      @Column(name = "region_code", type = "text"),
      @Column(name = "contact_email", type = "text")
    })
final class Baseline {}
