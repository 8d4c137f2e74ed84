package dev.straddle.processor.reading;

/** {@code @RenameConstraint}. */
public record RenameConstraintDecl(Site site, String table, String from, String to)
    implements OperationDecl {

  @Override
  public String kind() {
    return "RenameConstraint";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "from", from, "to", to);
  }
}
