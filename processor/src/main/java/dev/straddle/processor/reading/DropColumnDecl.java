package dev.straddle.processor.reading;

/** {@code @DropColumn}. */
public record DropColumnDecl(Site site, String table, String column, String down)
    implements OperationDecl {

  @Override
  public String kind() {
    return "DropColumn";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "column", column, "down", down);
  }
}
