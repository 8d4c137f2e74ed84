package com.example.vol;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingTable;

@ExistingTable(
    name = "tokens",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "token", type = "uuid", notNull = true, defaultValue = "gen_random_uuid()")
    })
@ExistingTable(
    name = "tickets",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(
          name = "number",
          type = "bigint",
          notNull = true,
          defaultValue = "nextval('tickets_number_seq'::regclass)")
    })
@ExistingTable(
    name = "events",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(
          name = "seen_at",
          type = "timestamptz",
          notNull = true,
          defaultValue = "clock_timestamp()")
    })
@ExistingTable(
    name = "samples",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "weight", type = "double precision", notNull = true, defaultValue = "random()")
    })
final class Baseline {}
