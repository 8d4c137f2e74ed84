package dev.straddle.processor.reading;

/**
 * {@code @ReplicaIdentity}.
 *
 * @param value the identity's constant name ({@code DEFAULT}, {@code FULL}, {@code NOTHING}, {@code
 *     USING_INDEX})
 */
public record ReplicaIdentityDecl(Site site, String table, String value, String index)
    implements OperationDecl {

  @Override
  public String kind() {
    return "ReplicaIdentity";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "value", value, "index", index);
  }
}
