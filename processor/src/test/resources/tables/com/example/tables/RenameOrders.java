package com.example.tables;

import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameTable;
import dev.straddle.dsl.ReplicaIdentity;

@Migration(id = 1, description = "Rename orders to purchases")
@RenameTable(from = "orders", to = "purchases")
@ReplicaIdentity(table = "customers", value = ReplicaIdentity.Identity.FULL)
final class RenameOrders {}
