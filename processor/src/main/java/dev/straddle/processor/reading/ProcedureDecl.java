package dev.straddle.processor.reading;

import java.util.List;

/**
 * {@code @Procedure}: one version of a stored function; or {@code @ExistingProcedure}: version 0, a
 * function Straddle did not create ({@code existing}, no body, never created or recorded). Not an
 * {@link OperationDecl} (it changes no table); a migration keeps its procedures apart from its
 * table operations.
 *
 * @param schema empty for an unqualified (search_path) function
 * @param existing an adopted function ({@code @ExistingProcedure}, version 0): its object name is
 *     {@code name} itself and {@code arguments} are types only
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
    String body,
    boolean existing) {

  public ProcedureDecl {
    set = List.copyOf(set);
  }

  /** An adopted function, {@code @ExistingProcedure}: version 0. */
  public static ProcedureDecl existing(
      Site site, String name, String schema, String arguments, String returns) {
    return new ProcedureDecl(
        site, name, 0, schema, arguments, returns, "", "", "", false, List.of(), "", true);
  }

  public String kind() {
    return existing ? "ExistingProcedure" : "Procedure";
  }

  /** Whether it is a trigger function ({@code RETURNS trigger}): attached, never called. */
  public boolean trigger() {
    return returns.strip().equalsIgnoreCase("trigger");
  }

  /** The attribute values in the annotation's declared order: what the checksums cover. */
  public String canonical() {
    if (existing) {
      return Canonical.of(
          kind(), "name", name, "schema", schema, "arguments", arguments, "returns", returns);
    }
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
