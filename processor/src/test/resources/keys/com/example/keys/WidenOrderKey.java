package com.example.keys;

import dev.straddle.dsl.ChangeColumnType;
import dev.straddle.dsl.Migration;

/**
 * The serial integer primary key of orders and the column of order_lines whose foreign key
 * references it, both to bigint (the referencing column declared first: the order does not
 * matter).
 */
@Migration(id = 1, description = "Orders: bigint key and references")
@ChangeColumnType(table = "order_lines", column = "order_id", type = "bigint")
@ChangeColumnType(table = "orders", column = "id", type = "bigint")
final class WidenOrderKey {}
