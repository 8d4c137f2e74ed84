package dev.straddle.processor.reading;

/** {@code @AddEnumValue}: not on a table, so {@link #table()} is empty. */
public record AddEnumValueDecl(Site site, String type, String value, String before, String after)
    implements OperationDecl {

  @Override
  public String table() {
    return "";
  }

  @Override
  public String kind() {
    return "AddEnumValue";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "type", type, "value", value, "before", before, "after", after);
  }
}
