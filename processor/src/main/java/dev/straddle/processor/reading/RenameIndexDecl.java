package dev.straddle.processor.reading;

/** {@code @RenameIndex}. */
public record RenameIndexDecl(Site site, String table, String from, String to)
    implements OperationDecl {

  @Override
  public String kind() {
    return "RenameIndex";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "from", from, "to", to);
  }
}
