package dev.straddle.processor.reading;

/** {@code @DropTrigger}. */
public record DropTriggerDecl(Site site, String table, String name) implements OperationDecl {

  @Override
  public String kind() {
    return "DropTrigger";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "name", name);
  }
}
