package dev.straddle.processor.reading;

/** {@code @SetNotNull}. */
public record SetNotNullDecl(Site site, String table, String column, String up)
    implements OperationDecl {

  @Override
  public String kind() {
    return "SetNotNull";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "column", column, "up", up);
  }
}
