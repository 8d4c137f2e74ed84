package dev.straddle.processor.reading;

/** {@code @DropTable}. */
public record DropTableDecl(Site site, String name) implements OperationDecl {

  @Override
  public String table() {
    return name;
  }

  @Override
  public String attributeOf(String table) {
    return "name";
  }

  @Override
  public String exclusive() {
    return "drops";
  }

  @Override
  public String kind() {
    return "DropTable";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "name", name);
  }
}
