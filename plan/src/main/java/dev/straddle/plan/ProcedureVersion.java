package dev.straddle.plan;

/**
 * One version of a versioned procedure, as the processor generated it. The database object is
 * {@link #objectName()}; the migration {@link #migration()} creates it at expand and drops version
 * {@code version - 1} at contract.
 *
 * @param name the logical name, e.g. {@code fetch_job}
 * @param version 1, 2, ...
 * @param schema the function's schema, or empty for an unqualified (search_path) function
 * @param migration the id of the migration that declares it
 * @param identityArguments the argument list without defaults, as {@code DROP FUNCTION} takes it
 * @param checksum SHA-256 (hex) of its declaration (signature, options and body): an applied
 *     version whose checksum changes is refused by the runner
 */
public record ProcedureVersion(
    String name,
    int version,
    String schema,
    int migration,
    String identityArguments,
    String checksum) {

  /** {@code <name>_v<version>}. */
  public String objectName() {
    return name + "_v" + version;
  }

  /** {@code schema.<name>_v<version>}, or the object name alone without a schema. */
  public String qualifiedName() {
    return schema.isEmpty() ? objectName() : schema + "." + objectName();
  }
}
