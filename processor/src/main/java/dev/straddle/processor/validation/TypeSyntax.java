package dev.straddle.processor.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a {@code type} attribute is a type name and nothing else. Straddle copies the type into
 * {@code ADD COLUMN}, {@code CREATE TABLE} and the runner's {@code to_regtype} checks, so {@code
 * varchar(255) CHECK (length(name) > 3)} would smuggle a constraint into the column (and onto the
 * copy a rename makes) and break the next migration that looks the type up.
 *
 * <p>The grammar: a name, optionally schema-qualified ({@code public.mood}, quoted names allowed),
 * or one of PostgreSQL's multi-word type names ({@code double precision}, {@code character
 * varying}, {@code bit varying}, {@code national character varying}, {@code timestamp(3) with time
 * zone}, {@code time without time zone}, {@code interval day to second}); then type modifiers
 * ({@code (10, 2)}, {@code (Point, 4326)}), then array suffixes ({@code []}, {@code [3]}, {@code
 * ARRAY}).
 */
final class TypeSyntax {

  private static final Set<String> INTERVAL_FIELDS =
      Set.of("year", "month", "day", "hour", "minute", "second");
  private static final Set<String> INTERVAL_TO = Set.of("month", "hour", "minute", "second");

  private final List<String> tokens;
  private int at;

  private TypeSyntax(List<String> tokens) {
    this.tokens = tokens;
  }

  /** Why {@code type} is not a type name, or null when it is one. */
  static String problem(String type) {
    List<Integer> starts = new ArrayList<>();
    List<String> tokens = tokens(type, starts);
    if (tokens == null) {
      return "it holds characters no type name has";
    }
    if (tokens.isEmpty()) {
      return "it is empty";
    }
    TypeSyntax syntax = new TypeSyntax(tokens);
    if (!syntax.type()) {
      return "it is not a type name";
    }
    if (syntax.at == tokens.size()) {
      return null;
    }
    return rest(type.substring(starts.get(syntax.at)).trim(), syntax.peek());
  }

  /** What the text after the type is, and where it belongs instead. */
  private static String rest(String rest, String first) {
    String where =
        switch (first) {
          case "not", "null" -> "NOT NULL belongs in notNull = true";
          case "default" -> "a default belongs in defaultValue";
          case "primary" -> "a primary key is primaryKey = true on the @Column of @CreateTable";
          case "check", "references", "unique", "constraint", "exclude" ->
              "a constraint is not part of a type, and Straddle has no attribute for it yet";
          case "collate" ->
              "a collation is not part of a type, and Straddle has no attribute for it" + " yet";
          case "generated" ->
              rest.toLowerCase(java.util.Locale.ROOT).contains("identity")
                  ? "an identity column is not a type: declare it with identity ="
                      + " Column.Identity.ALWAYS (or BY_DEFAULT) on the @Column of @CreateTable"
                      + " or @ExistingTable"
                  : "a generated column is not a type, and Straddle has no attribute for it yet";
          default -> "only a type name, its modifiers and array brackets may be given";
        };
    return "\"" + rest + "\" follows the type name; " + where;
  }

  private boolean type() {
    String first = identifier();
    if (first == null) {
      return false;
    }
    if (accept(".")) {
      if (identifier() == null) {
        return false;
      }
      modifiers();
    } else {
      switch (first) {
        case "double" -> accept("precision");
        case "national" -> {
          if (!accept("character") && !accept("char")) {
            return false;
          }
          accept("varying");
          modifiers();
        }
        case "character", "char", "nchar", "bit" -> {
          accept("varying");
          modifiers();
        }
        case "timestamp", "time" -> {
          modifiers();
          if ((accept("with") || accept("without")) && !(accept("time") && accept("zone"))) {
            return false;
          }
        }
        case "interval" -> {
          String field = peek();
          if (field != null && INTERVAL_FIELDS.contains(field)) {
            at++;
            if (accept("to")) {
              String to = peek();
              if (to == null || !INTERVAL_TO.contains(to)) {
                return false;
              }
              at++;
            }
          }
          modifiers();
        }
        default -> modifiers();
      }
    }
    arrays();
    return true;
  }

  /** {@code (item, ...)}: numbers or names ({@code geometry(Point, 4326)}); false if malformed. */
  private void modifiers() {
    int start = at;
    if (!accept("(")) {
      return;
    }
    do {
      boolean signed = accept("-") || accept("+"); // numeric(10, -2) (PostgreSQL 15)
      String item = peek();
      if (item == null || !(isNumber(item) || (!signed && isIdentifier(item)))) {
        at = start;
        return;
      }
      at++;
    } while (accept(","));
    if (!accept(")")) {
      at = start;
    }
  }

  private void arrays() {
    while (true) {
      int start = at;
      if (accept("[")) {
        if (peek() != null && isNumber(peek())) {
          at++;
        }
        if (!accept("]")) {
          at = start;
          return;
        }
      } else if (accept("array")) {
        if (accept("[")) {
          if (peek() == null || !isNumber(peek())) {
            at = start;
            return;
          }
          at++;
          if (!accept("]")) {
            at = start;
            return;
          }
        }
      } else {
        return;
      }
    }
  }

  private String identifier() {
    String token = peek();
    if (token == null || !isIdentifier(token)) {
      return null;
    }
    at++;
    return token;
  }

  private boolean accept(String token) {
    if (token.equals(peek())) {
      at++;
      return true;
    }
    return false;
  }

  private String peek() {
    return at < tokens.size() ? tokens.get(at) : null;
  }

  private static boolean isIdentifier(String token) {
    return token.startsWith("\"")
        || (Character.isLetter(token.charAt(0)) || token.charAt(0) == '_');
  }

  private static boolean isNumber(String token) {
    return Character.isDigit(token.charAt(0));
  }

  /**
   * Lower-case words, quoted names (as written), numbers and the punctuation {@code ( ) , . [ ]};
   * everything else (operators, string literals) as a token of its own, so the rest can be shown.
   * Null for an unterminated quoted name.
   */
  private static List<String> tokens(String type, List<Integer> starts) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = type.length();
    while (i < n) {
      char c = type.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      starts.add(start);
      if (c == '"') {
        int end = type.indexOf('"', i + 1);
        if (end < 0) {
          return null;
        }
        i = end + 1;
        out.add(type.substring(start, i));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n
            && (Character.isLetterOrDigit(type.charAt(i)) || "_$".indexOf(type.charAt(i)) >= 0)) {
          i++;
        }
        out.add(type.substring(start, i).toLowerCase(Locale.ROOT));
      } else if (Character.isDigit(c)) {
        while (i < n && Character.isDigit(type.charAt(i))) {
          i++;
        }
        out.add(type.substring(start, i));
      } else {
        i++;
        out.add(String.valueOf(c));
      }
    }
    return out;
  }
}
