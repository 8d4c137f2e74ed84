package dev.straddle.processor.reading;

/** {@code @AddCheck}. */
public record AddCheckDecl(
    Site site, String table, String name, String check, String column, String up)
    implements OperationDecl {

  @Override
  public String kind() {
    return "AddCheck";
  }

  @Override
  public String canonical() {
    return Canonical.of(
        kind(), "table", table, "name", name, "check", check, "column", column, "up", up);
  }
}
