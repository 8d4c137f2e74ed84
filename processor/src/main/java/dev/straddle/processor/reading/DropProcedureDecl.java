package dev.straddle.processor.reading;

/**
 * {@code @DropProcedure}: not on a table, so {@link #table()} is empty (see {@link
 * OperationDecl#table()}).
 *
 * @param schema empty for an unqualified (search_path) function
 * @param arguments the argument types, as declared
 */
public record DropProcedureDecl(Site site, String name, String schema, String arguments)
    implements OperationDecl {

  @Override
  public String table() {
    return "";
  }

  @Override
  public String kind() {
    return "DropProcedure";
  }

  @Override
  public String canonical() {
    return Canonical.of(kind(), "name", name, "schema", schema, "arguments", arguments);
  }
}
