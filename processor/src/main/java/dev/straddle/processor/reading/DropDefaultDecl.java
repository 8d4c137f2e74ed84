package dev.straddle.processor.reading;

/** {@code @DropDefault}. */
public record DropDefaultDecl(Site site, String table, String column) implements OperationDecl {

  @Override
  public String kind() {
    return "DropDefault";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "column", column);
  }
}
