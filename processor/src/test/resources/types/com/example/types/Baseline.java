package com.example.types;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

@ExistingTable(
    name = "counters",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "hits", type = "integer", notNull = true, defaultValue = "0"),
      @Column(name = "label", type = "varchar(20)"),
      @Column(name = "score", type = "numeric(8,2)")
    })
@ExistingTable(
    name = "visits",
    columns = {
      @Column(
          name = "id",
          type = "integer",
          notNull = true,
          primaryKey = true,
          defaultValue = "nextval('visits_id_seq'::regclass)"),
      @Column(name = "note", type = "text")
    })
final class Baseline {}
