package com.example.accounts;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.CreateIndex;
import dev.straddle.dsl.IndexMethod;
import dev.straddle.dsl.Migration;

@Migration(id = 1, description = "Index accounts with every method")
@AddColumn(table = "accounts", column = "nickname", type = "text", up = "split_part(email, '@', 1)")
@CreateIndex(
    table = "accounts",
    name = "accounts_profile_gin",
    columns = "profile",
    method = IndexMethod.GIN,
    opclass = "jsonb_path_ops",
    with = "fastupdate=off")
@CreateIndex(
    table = "accounts",
    name = "accounts_email_hash",
    columns = "email",
    method = IndexMethod.HASH,
    with = "fillfactor=80")
@CreateIndex(
    table = "accounts",
    name = "accounts_created_brin",
    columns = "created_at",
    method = IndexMethod.BRIN,
    with = {"pages_per_range=32", "autosummarize=on"})
@CreateIndex(
    table = "accounts",
    name = "accounts_location_gist",
    columns = "location",
    method = IndexMethod.GIST,
    include = "region",
    with = "buffering=auto")
@CreateIndex(
    table = "accounts",
    name = "accounts_region_covering",
    columns = "region",
    include = "email",
    with = {"fillfactor=70", "deduplicate_items=off"},
    where = "region IS NOT NULL")
@CreateIndex(
    table = "accounts",
    name = "accounts_email_lower_key",
    expressions = "lower(email)",
    unique = true,
    opclass = "text_pattern_ops")
@CreateIndex(
    table = "accounts",
    name = "accounts_nickname_idx",
    columns = "region",
    expressions = "lower(nickname)",
    opclass = {"", "text_pattern_ops"})
final class IndexAccounts {}
