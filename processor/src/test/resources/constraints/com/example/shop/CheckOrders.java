package com.example.shop;

import dev.straddle.dsl.AddCheck;
import dev.straddle.dsl.AddForeignKey;
import dev.straddle.dsl.AddForeignKey.Action;
import dev.straddle.dsl.Migration;

@Migration(id = 1, description = "Orders: positive quantities, known customers and regions")
@AddCheck(
    table = "orders",
    name = "orders_quantity_positive",
    check = "quantity > 0",
    column = "quantity",
    up = "1")
@AddForeignKey(
    table = "orders",
    name = "orders_customer_fk",
    columns = "customer_id",
    references = "customers",
    onDelete = Action.CASCADE)
@AddForeignKey(
    table = "orders",
    name = "orders_region_fk",
    columns = {"country", "region_code"},
    references = "regions",
    referencedColumns = {"country", "code"},
    onUpdate = Action.CASCADE)
final class CheckOrders {}
