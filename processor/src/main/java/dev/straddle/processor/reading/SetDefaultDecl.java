package dev.straddle.processor.reading;

/** {@code @SetDefault}. */
public record SetDefaultDecl(Site site, String table, String column, String defaultValue)
    implements OperationDecl {

  @Override
  public String kind() {
    return "SetDefault";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "column", column, "defaultValue", defaultValue);
  }
}
