package dev.straddle.processor.reading;

/** {@code @AlterColumn}. */
public record AlterColumnDecl(Site site, String table, String column, String up, String down)
    implements OperationDecl {

  @Override
  public String kind() {
    return "AlterColumn";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "column", column, "up", up, "down", down);
  }
}
