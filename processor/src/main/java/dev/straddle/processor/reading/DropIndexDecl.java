package dev.straddle.processor.reading;

/** {@code @DropIndex}. */
public record DropIndexDecl(Site site, String table, String name) implements OperationDecl {

  @Override
  public String kind() {
    return "DropIndex";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "name", name);
  }
}
