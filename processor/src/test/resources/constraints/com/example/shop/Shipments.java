package com.example.shop;

import dev.straddle.dsl.AddCheck;
import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.AddForeignKey;
import dev.straddle.dsl.AddForeignKey.Action;
import dev.straddle.dsl.AddUnique;
import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.Migration;

@Migration(id = 2, description = "Shipments, discounts and unique customer emails")
@CreateTable(
    name = "shipments",
    columns = {
      @Column(name = "id", type = "bigserial", primaryKey = true),
      @Column(name = "order_id", type = "bigint", notNull = true),
      @Column(name = "weight", type = "numeric", notNull = true)
    })
@AddCheck(table = "shipments", name = "shipments_weight_positive", check = "weight > 0")
@AddForeignKey(
    table = "shipments",
    name = "shipments_order_fk",
    columns = "order_id",
    references = "orders",
    onDelete = Action.CASCADE)
@AddColumn(table = "orders", column = "discount", type = "integer", notNull = true,
    defaultValue = "0")
@AddCheck(table = "orders", name = "orders_discount_range", check = "discount BETWEEN 0 AND 100")
@AddColumn(table = "orders", column = "gift_for", type = "bigint")
@AddForeignKey(
    table = "orders",
    name = "orders_gift_for_fk",
    columns = "gift_for",
    references = "customers",
    onDelete = Action.SET_NULL)
@AddUnique(table = "customers", name = "customers_email_key", columns = "email")
final class Shipments {}
