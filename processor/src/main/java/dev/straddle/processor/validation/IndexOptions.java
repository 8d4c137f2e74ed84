package dev.straddle.processor.validation;

import dev.straddle.plan.sql.Identifiers;
import dev.straddle.processor.reading.CreateIndexDecl;
import dev.straddle.processor.reading.Site;
import dev.straddle.processor.validation.IndexOptionsRules.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a {@code @CreateIndex}'s method, operator classes, {@code include} and storage parameters
 * ({@link IndexOptionsRules}), and renders what they check.
 */
public final class IndexOptions {

  private final ValidationReport report;
  private final Sql sql;

  public IndexOptions(ValidationReport report, Sql sql) {
    this.report = report;
    this.sql = sql;
  }

  /** True when PostgreSQL accepts the options as far as the processor can tell. */
  public boolean check(CreateIndexDecl index) {
    Site site = index.site();
    String method = index.method();
    boolean ok = true;
    if (method.isEmpty()) {
      return false; // not evaluated: javac reported it
    }
    if (index.unique() && !method.equals("btree")) {
      report.error(
          site,
          "unique",
          Message.INDEX_METHOD,
          index.name(),
          "a unique index must be btree (PostgreSQL: access method \""
              + method
              + "\" does not support unique indexes)");
      ok = false;
    }
    if (!index.include().isEmpty() && !IndexOptionsRules.INCLUDE.contains(method)) {
      report.error(
          site,
          "include",
          Message.INDEX_METHOD,
          index.name(),
          "access method \""
              + method
              + "\" does not support included columns (INCLUDE): btree"
              + " and gist do");
      ok = false;
    }
    if (method.equals("hash") && index.keySize() > 1) {
      report.error(
          site,
          "columns",
          Message.INDEX_METHOD,
          index.name(),
          "access method \"hash\" does not support multicolumn indexes; it indexes one column or"
              + " expression");
      ok = false;
    }
    if (!index.opclass().isEmpty() && index.opclass().size() != index.keySize()) {
      report.error(
          site,
          "opclass",
          Message.INDEX_OPERATOR_CLASSES,
          index.name(),
          index.keySize(),
          index.opclass().size());
      ok = false;
    }
    for (String opclass : index.opclass()) {
      for (String part : opclass.isEmpty() ? new String[0] : opclass.split("\\.", -1)) {
        ok &= sql.identifier(site, "opclass", "operator class", part);
      }
    }
    return ok & with(index);
  }

  private boolean with(CreateIndexDecl index) {
    Map<String, Parameter> known = IndexOptionsRules.PARAMETERS.get(index.method());
    Set<String> seen = new HashSet<>();
    boolean ok = true;
    for (String entry : index.with()) {
      String problem = problem(entry, known, seen, index.method());
      if (problem != null) {
        report.error(index.site(), "with", Message.INDEX_STORAGE_PARAMETER, index.name(), problem);
        ok = false;
      }
    }
    return ok;
  }

  private static String problem(
      String entry, Map<String, Parameter> known, Set<String> seen, String method) {
    int eq = entry.indexOf('=');
    if (eq < 0) {
      return "storage parameter \"" + entry + "\" is not written name=value (e.g. fillfactor=70)";
    }
    String name = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
    String value = entry.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
    Parameter parameter = known.get(name);
    if (parameter == null) {
      return "access method \""
          + method
          + "\" has no storage parameter \""
          + name
          + "\" (it has "
          + String.join(", ", new TreeSet<>(known.keySet()))
          + ")";
    }
    if (!seen.add(name)) {
      return "storage parameter \"" + name + "\" is given twice";
    }
    String expected =
        switch (parameter.kind()) {
          case "integer" -> integerProblem(value, parameter);
          case "boolean" -> IndexOptionsRules.BOOLEANS.contains(value) ? null : "on or off";
          default -> List.of("auto", "on", "off").contains(value) ? null : parameter.kind();
        };
    return expected == null
        ? null
        : "storage parameter \"" + name + "\" is \"" + value + "\", but must be " + expected;
  }

  private static String integerProblem(String value, Parameter parameter) {
    String range = "an integer from " + parameter.min() + " to " + parameter.max();
    try {
      long n = Long.parseLong(value);
      return n < parameter.min() || n > parameter.max() ? range : null;
    } catch (NumberFormatException e) {
      return range;
    }
  }

  /**
   * The storage parameters as SQL, {@code name = value}: the name lower case, the value as written
   * (checked: an integer, or a word).
   */
  public static List<String> render(List<String> with) {
    List<String> out = new ArrayList<>();
    for (String entry : with) {
      int eq = entry.indexOf('=');
      out.add(
          entry.substring(0, eq).trim().toLowerCase(Locale.ROOT)
              + " = "
              + entry.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** An operator class as SQL: {@code "name"} or {@code "schema"."name"}. */
  public static String opclass(String opclass) {
    List<String> parts = new ArrayList<>();
    for (String part : opclass.split("\\.")) {
      parts.add(Identifiers.quote(part));
    }
    return String.join(".", parts);
  }
}
