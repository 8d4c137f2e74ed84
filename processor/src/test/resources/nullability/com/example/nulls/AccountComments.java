package com.example.nulls;

import dev.straddle.dsl.Comment;
import dev.straddle.dsl.Migration;

/** Comments on the table and a column (catalog only; a quote in the text is escaped). */
@Migration(id = 3, description = "Accounts: comments")
@Comment(table = "accounts", text = "One row per customer's account")
@Comment(table = "accounts", column = "email", text = "Required since migration 1")
final class AccountComments {}
