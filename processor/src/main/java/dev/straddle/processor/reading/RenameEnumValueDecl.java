package dev.straddle.processor.reading;

/** {@code @RenameEnumValue}: not on a table, so {@link #table()} is empty. */
public record RenameEnumValueDecl(Site site, String type, String from, String to)
    implements OperationDecl {

  @Override
  public String table() {
    return "";
  }

  @Override
  public String kind() {
    return "RenameEnumValue";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "type", type, "from", from, "to", to);
  }
}
