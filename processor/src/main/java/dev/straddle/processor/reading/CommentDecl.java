package dev.straddle.processor.reading;

/** {@code @Comment}; {@code column} is empty for a comment on the table. */
public record CommentDecl(Site site, String table, String column, String text)
    implements OperationDecl {

  @Override
  public String kind() {
    return "Comment";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "table", table, "column", column, "text", text);
  }
}
