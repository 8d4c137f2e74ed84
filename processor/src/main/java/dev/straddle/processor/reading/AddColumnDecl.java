package dev.straddle.processor.reading;

/** {@code @AddColumn}. */
public record AddColumnDecl(
    Site site,
    String table,
    String column,
    String type,
    boolean notNull,
    String defaultValue,
    String up)
    implements OperationDecl {

  @Override
  public String kind() {
    return "AddColumn";
  }

  @Override
  public String canonical() {
    return Canonical.of(
        kind(),
        "table",
        table,
        "column",
        column,
        "type",
        type,
        "notNull",
        notNull,
        "defaultValue",
        defaultValue,
        "up",
        up);
  }
}
