package dev.straddle.processor.reading;

/** {@code @RenameColumn}. */
public record RenameColumnDecl(Site site, String table, String from, String to, String type)
    implements OperationDecl {

  @Override
  public String kind() {
    return "RenameColumn";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "from", from, "to", to, "type", type);
  }
}
