package dev.straddle.processor.reading;

/** {@code @DropConstraint}. */
public record DropConstraintDecl(Site site, String table, String name) implements OperationDecl {

  @Override
  public String kind() {
    return "DropConstraint";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "name", name);
  }
}
