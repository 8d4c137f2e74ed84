package com.example.vol;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

/** gen_random_uuid(): an added column filled with it, a renamed column that keeps its values. */
@Migration(id = 1, description = "Tokens: a secret per row, token renamed")
@AddColumn(
    table = "tokens",
    column = "secret",
    type = "uuid",
    notNull = true,
    defaultValue = "gen_random_uuid()")
@AddColumn(
    table = "tokens",
    column = "created_at",
    type = "timestamptz",
    notNull = true,
    defaultValue = "now()")
@RenameColumn(table = "tokens", from = "token", to = "public_token")
final class Tokens {}
