package dev.straddle.processor.model;

import dev.straddle.processor.reading.ProcedureDecl;
import java.util.List;

/**
 * A validated procedure version.
 *
 * @param migrationId the migration that declares it (creates it at expand; adopts it for version 0)
 * @param previous the version it supersedes (dropped at the same migration's contract), or null for
 *     the first version
 * @param triggers the triggers of earlier migrations that call the procedure: its expand moves them
 *     to this version, before its contract drops the previous one
 */
public record ProcedureModel(
    ProcedureDecl decl, int migrationId, ProcedureModel previous, List<TriggerModel> triggers) {

  public ProcedureModel {
    triggers = List.copyOf(triggers);
  }

  public ProcedureModel(ProcedureDecl decl, int migrationId, ProcedureModel previous) {
    this(decl, migrationId, previous, List.of());
  }

  /** {@code <name>_v<version>} (the name itself for an adopted version 0), without schema. */
  public String objectName() {
    return objectName(decl.name(), decl.version());
  }

  public static String objectName(String name, int version) {
    return version == 0 ? name : name + "_v" + version;
  }
}
