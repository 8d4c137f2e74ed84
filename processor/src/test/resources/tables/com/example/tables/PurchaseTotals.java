package com.example.tables;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.ReplicaIdentity;

@Migration(id = 2, description = "Purchases know their total")
@AddColumn(table = "purchases", column = "total", type = "integer", up = "qty * 10")
@ReplicaIdentity(
    table = "customers",
    value = ReplicaIdentity.Identity.USING_INDEX,
    index = "customers_pkey")
final class PurchaseTotals {}
