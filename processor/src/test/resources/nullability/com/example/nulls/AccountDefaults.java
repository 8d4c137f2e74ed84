package com.example.nulls;

import dev.straddle.dsl.DropDefault;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.SetDefault;

/**
 * Defaults: created_at gets now(), token a random uuid (volatile: still a catalog change), and plan
 * loses its default once old code, which leaves plan out of its inserts, is gone.
 */
@Migration(id = 2, description = "Accounts: defaults for created_at and token, none for plan")
@SetDefault(table = "accounts", column = "created_at", defaultValue = "now()")
@SetDefault(table = "accounts", column = "token", defaultValue = "gen_random_uuid()")
@DropDefault(table = "accounts", column = "plan")
final class AccountDefaults {}
