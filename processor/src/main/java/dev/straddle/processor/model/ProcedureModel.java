package dev.straddle.processor.model;

import dev.straddle.processor.reading.ProcedureDecl;

/**
 * A validated procedure version.
 *
 * @param migrationId the migration that declares it (creates it at expand)
 * @param previous the version it supersedes (dropped at the same migration's contract), or null for
 *     version 1
 */
public record ProcedureModel(ProcedureDecl decl, int migrationId, ProcedureModel previous) {

  /** {@code <name>_v<version>}, without schema. */
  public String objectName() {
    return objectName(decl.name(), decl.version());
  }

  public static String objectName(String name, int version) {
    return name + "_v" + version;
  }
}
