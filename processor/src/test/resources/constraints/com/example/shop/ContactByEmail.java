package com.example.shop;

import dev.straddle.dsl.AddForeignKey;
import dev.straddle.dsl.AddForeignKey.Action;
import dev.straddle.dsl.DropConstraint;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameConstraint;

@Migration(id = 3, description = "Orders name their contact by email")
@RenameConstraint(table = "orders", from = "orders_quantity_positive", to = "orders_quantity_check")
@DropConstraint(table = "orders", name = "orders_customer_fk")
@AddForeignKey(
    table = "orders",
    name = "orders_contact_fk",
    columns = "contact_email",
    references = "customers",
    referencedColumns = "email",
    onDelete = Action.SET_NULL,
    onUpdate = Action.CASCADE)
final class ContactByEmail {}
