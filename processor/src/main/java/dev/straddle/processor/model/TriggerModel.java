package dev.straddle.processor.model;

import dev.straddle.plan.sql.TableName;
import dev.straddle.processor.reading.CreateTriggerDecl;

/**
 * A trigger Straddle created ({@code @CreateTrigger}), as the model knows it.
 *
 * @param table its table
 * @param createdBy the migration that created it
 */
public record TriggerModel(TableName table, CreateTriggerDecl decl, int createdBy) {

  public String name() {
    return decl.name();
  }

  /** The logical name of the trigger function it calls. */
  public String procedure() {
    return decl.procedure();
  }
}
