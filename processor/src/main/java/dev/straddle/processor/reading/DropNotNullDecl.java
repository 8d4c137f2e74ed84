package dev.straddle.processor.reading;

/** {@code @DropNotNull}. */
public record DropNotNullDecl(Site site, String table, String column, String down)
    implements OperationDecl {

  @Override
  public String kind() {
    return "DropNotNull";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "column", column, "down", down);
  }
}
