package dev.straddle.processor.reading;

/** {@code @DropEnumValue}: not on a table, so {@link #table()} is empty. */
public record DropEnumValueDecl(Site site, String type, String value, String replacement)
    implements OperationDecl {

  @Override
  public String table() {
    return "";
  }

  @Override
  public String kind() {
    return "DropEnumValue";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "type", type, "value", value, "replacement", replacement);
  }
}
