package dev.straddle.processor.reading;

import java.util.List;

/**
 * {@code @Procedure}: one version of a stored function. Not an {@link OperationDecl} (it changes no
 * table); a migration keeps its procedures apart from its table operations.
 *
 * @param schema empty for an unqualified (search_path) function
 * @param language, volatility, security the enum constants' names, e.g. {@code PLPGSQL}
 */
public record ProcedureDecl(
    Site site,
    String name,
    int version,
    String schema,
    String arguments,
    String returns,
    String language,
    String volatility,
    String security,
    boolean strict,
    List<String> set,
    String body) {

  public ProcedureDecl {
    set = List.copyOf(set);
  }

  public String kind() {
    return "Procedure";
  }

  /** The attribute values in the annotation's declared order: what the checksums cover. */
  public String canonical() {
    return Canonical.of(
        kind(),
        "name",
        name,
        "version",
        version,
        "schema",
        schema,
        "arguments",
        arguments,
        "returns",
        returns,
        "language",
        language,
        "volatility",
        volatility,
        "security",
        security,
        "strict",
        strict,
        "set",
        String.join("\n", set),
        "body",
        body);
  }
}
