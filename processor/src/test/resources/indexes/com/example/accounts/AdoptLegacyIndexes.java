package com.example.accounts;

import dev.straddle.dsl.DropIndex;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameIndex;

@Migration(id = 2, description = "Drop and rename the legacy indexes")
@DropIndex(table = "accounts", name = "accounts_email_legacy_idx")
@DropIndex(table = "accounts", name = "accounts_created_legacy_idx")
@RenameIndex(table = "accounts", from = "accounts_region_legacy_idx", to = "accounts_region_old_idx")
@RenameIndex(table = "accounts", from = "accounts_region_covering", to = "accounts_region_idx")
final class AdoptLegacyIndexes {}
