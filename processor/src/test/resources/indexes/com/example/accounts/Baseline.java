package com.example.accounts;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.ExistingIndex;
import dev.straddle.dsl.ExistingTable;

@ExistingTable(
    name = "accounts",
    columns = {
      @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
      @Column(name = "email", type = "text"),
      @Column(name = "profile", type = "jsonb"),
      @Column(name = "region", type = "text"),
      @Column(name = "created_at", type = "timestamptz"),
      @Column(name = "location", type = "point"),
      @Column(name = "legacy_code", type = "text")
    })
@ExistingIndex(table = "accounts", name = "accounts_email_legacy_idx", columns = "email")
final class Baseline {}
