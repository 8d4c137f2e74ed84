package com.example.nulls;

import dev.straddle.dsl.Column;
import dev.straddle.dsl.CreateTable;
import dev.straddle.dsl.Migration;

/** Identity columns, declared with the attribute (not inside type). */
@Migration(id = 4, description = "Audit tables numbered by identity columns")
@CreateTable(
    name = "audit_entries",
    columns = {
      @Column(name = "id", type = "bigint", primaryKey = true, identity = Column.Identity.ALWAYS),
      @Column(name = "note", type = "text")
    })
@CreateTable(
    name = "audit_marks",
    columns = {
      @Column(
          name = "id",
          type = "integer",
          primaryKey = true,
          identity = Column.Identity.BY_DEFAULT),
      @Column(name = "mark", type = "text")
    })
final class AuditTables {}
