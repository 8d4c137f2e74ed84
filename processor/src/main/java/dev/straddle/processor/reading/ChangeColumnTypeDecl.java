package dev.straddle.processor.reading;

/** {@code @ChangeColumnType}. */
public record ChangeColumnTypeDecl(Site site, String table, String column, String type)
    implements OperationDecl {

  @Override
  public String kind() {
    return "ChangeColumnType";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "column", column, "type", type);
  }
}
