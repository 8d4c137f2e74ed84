package dev.straddle.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A procedure's raw SQL argument list ({@code [mode] [name] type [DEFAULT expr | = expr]}, comma
 * separated), split at top-level commas (parentheses and quotes respected).
 */
public final class ProcedureArguments {

  private static final Set<String> MODES = Set.of("in", "out", "inout", "variadic");

  private final List<String> arguments;

  private ProcedureArguments(List<String> arguments) {
    this.arguments = arguments;
  }

  public static ProcedureArguments parse(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean single = false;
    boolean dbl = false;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (!single && !dbl) {
        if (c == '(' || c == '[') {
          depth++;
        } else if (c == ')' || c == ']') {
          depth--;
        } else if (c == ',' && depth == 0) {
          out.add(current.toString().trim());
          current.setLength(0);
          continue;
        }
      }
      current.append(c);
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().trim());
    }
    return new ProcedureArguments(List.copyOf(out));
  }

  /** The arguments as written, trimmed. */
  public List<String> list() {
    return arguments;
  }

  /**
   * The argument list without defaults: what identifies the function in {@code DROP FUNCTION}
   * (which accepts modes and names, and ignores {@code OUT} arguments).
   */
  public String identity() {
    List<String> out = new ArrayList<>();
    for (String argument : arguments) {
      out.add(withoutDefault(argument));
    }
    return String.join(", ", out);
  }

  /** How many values a call passes: every argument but {@code OUT} ones. */
  public int inputs() {
    int n = 0;
    for (String argument : arguments) {
      if (!firstWord(argument).equals("out")) {
        n++;
      }
    }
    return n;
  }

  /**
   * The names of named arguments (best effort: the first word after the mode when another word
   * follows; may include the first word of a two-word type, which only makes callers more careful).
   */
  public Set<String> names() {
    Set<String> out = new java.util.HashSet<>();
    for (String argument : arguments) {
      String[] words = withoutDefault(argument).split("\\s+");
      int i = MODES.contains(words[0].toLowerCase(Locale.ROOT)) ? 1 : 0;
      if (words.length > i + 1) {
        out.add(words[i].toLowerCase(Locale.ROOT).replace("\"", ""));
      }
    }
    return out;
  }

  private static String firstWord(String argument) {
    return argument.split("\\s+")[0].toLowerCase(Locale.ROOT);
  }

  private static String withoutDefault(String argument) {
    String lower = argument.toLowerCase(Locale.ROOT);
    int cut = argument.length();
    int def = indexOfWord(lower, "default");
    if (def >= 0) {
      cut = def;
    }
    int eq = lower.indexOf('=');
    if (eq >= 0 && eq < cut) {
      cut = eq;
    }
    return argument.substring(0, cut).trim();
  }

  private static int indexOfWord(String text, String word) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + word + "\\b").matcher(text);
    return m.find() ? m.start() : -1;
  }
}
