package com.example.nulls;

import dev.straddle.dsl.DropNotNull;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.SetNotNull;

/**
 * Release 1 made email optional and nickname required; release 2 the other way round. Old rows
 * without an email, and old code's writes of NULL, get a placeholder; where new code writes no
 * nickname, old code reads "anonymous" until contract.
 */
@Migration(id = 1, description = "Accounts: email required, nickname optional")
@SetNotNull(table = "accounts", column = "email", up = "'user' || id || '@example.invalid'")
@DropNotNull(table = "accounts", column = "nickname", down = "'anonymous'")
final class EmailRequired {}
