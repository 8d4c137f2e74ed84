package com.example.accounts;

import dev.straddle.dsl.DropIndex;
import dev.straddle.dsl.Migration;

@Migration(id = 3, description = "Drop the covering index by its new name")
@DropIndex(table = "accounts", name = "accounts_region_idx")
final class DropRenamedIndex {}
