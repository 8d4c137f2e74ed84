package dev.straddle.processor.reading;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code @CreateIndex}.
 *
 * @param method the access method as PostgreSQL names it ({@code btree}, {@code gin}, ...)
 */
public record CreateIndexDecl(
    Site site,
    String table,
    String name,
    List<String> columns,
    List<String> expressions,
    boolean unique,
    String method,
    List<String> opclass,
    List<String> include,
    List<String> with,
    String where)
    implements OperationDecl {

  public CreateIndexDecl {
    columns = List.copyOf(columns);
    expressions = List.copyOf(expressions);
    opclass = List.copyOf(opclass);
    include = List.copyOf(include);
    with = List.copyOf(with);
  }

  /** A plain btree index of columns (what {@code @CreateIndex} declared before the method). */
  public CreateIndexDecl(
      Site site, String table, String name, List<String> columns, boolean unique, String where) {
    this(
        site, table, name, columns, List.of(), unique, "btree", List.of(), List.of(), List.of(),
        where);
  }

  /** The number of key elements: the columns, then the expressions. */
  public int keySize() {
    return columns.size() + expressions.size();
  }

  @Override
  public String kind() {
    return "CreateIndex";
  }

  @Override
  public String canonical() {
    List<Object> pairs =
        new ArrayList<>(
            List.of(
                "table",
                table,
                "name",
                name,
                "columns",
                String.join(",", columns),
                "unique",
                unique,
                "where",
                where));
    // The later attributes only when set: migrations written before them keep their checksums.
    // Lists are written with each element's length, so no separator can be ambiguous.
    if (!expressions.isEmpty()) {
      pairs.addAll(List.of("expressions", Canonical.list(expressions)));
    }
    if (!method.equals("btree")) {
      pairs.addAll(List.of("method", method));
    }
    if (!opclass.isEmpty()) {
      pairs.addAll(List.of("opclass", Canonical.list(opclass)));
    }
    if (!include.isEmpty()) {
      pairs.addAll(List.of("include", Canonical.list(include)));
    }
    if (!with.isEmpty()) {
      pairs.addAll(List.of("with", Canonical.list(with)));
    }
    return Canonical.of(kind(), pairs.toArray());
  }
}
