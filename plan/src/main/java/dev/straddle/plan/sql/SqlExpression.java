package dev.straddle.plan.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A user's SQL expression ({@code up}, {@code down}, a default), which refers to columns of its
 * table by bare name, as in {@code UPDATE ... SET x = <expression>}.
 *
 * <p>Inside a trigger function bare names are not in scope, so {@link #qualify} rewrites every
 * reference to a known column into a field of the row variable ({@code NEW."status"}). A small
 * lexer is enough for that: it skips string literals, quoted text, comments, qualified names
 * ({@code t.x}), function names ({@code lower(}) and type names ({@code ::text}, {@code AS date}),
 * and only rewrites the words that name a column of the table.
 */
public final class SqlExpression {

  /** The dollar-quote tag Straddle uses around generated function bodies. */
  public static final String BODY_TAG = "$straddle$";

  private enum Kind {
    WORD,
    QUOTED_IDENTIFIER,
    STRING,
    PUNCTUATION,
    SPACE
  }

  private record Token(Kind kind, String text) {}

  private final String text;
  private final List<Token> tokens;
  private final String problem;

  private SqlExpression(String text) {
    this.text = text;
    List<Token> out = new ArrayList<>();
    this.problem = lex(text, out);
    this.tokens = out;
  }

  public static SqlExpression of(String text) {
    return new SqlExpression(text);
  }

  /** The expression as the user wrote it. */
  public String text() {
    return text;
  }

  /**
   * Why this expression cannot be embedded safely in generated SQL, or {@code null} when it can: an
   * unterminated literal, quote or comment, a statement separator, or Straddle's own body quote.
   */
  public String problem() {
    if (problem != null) {
      return problem;
    }
    if (text.isBlank()) {
      return "it is empty";
    }
    if (text.contains(BODY_TAG)) {
      return "it contains " + BODY_TAG + ", the quote Straddle puts around generated functions";
    }
    for (Token token : tokens) {
      if (token.kind == Kind.PUNCTUATION && token.text.equals(";")) {
        return "it contains ';': an expression is one value, not a statement";
      }
    }
    return null;
  }

  /** The known columns this expression refers to, in order of first mention. */
  public Set<String> referencedColumns(Set<String> columns) {
    Set<String> found = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      String column = columnAt(i, columns);
      if (column != null) {
        found.add(column);
      }
    }
    return found;
  }

  /**
   * The names this expression may read as columns of its table, in order of first mention: bare
   * words and quoted names that are not qualified ({@code t.x}) or qualifiers, function names, type
   * names ({@code ::t}, {@code AS t}), the type of a typed literal ({@code date '2024-01-01'}), the
   * field of {@code extract(field FROM ...)}, a collation ({@code COLLATE "C"}), a named argument
   * ({@code f(a => 1)}), or an unquoted word in {@code keywords} (lower case). Words are folded to
   * lower case, quoted names kept as written. An expression with a subquery ({@code SELECT} or
   * {@code VALUES}) reads other tables, so nothing in it can be told apart: it gives none.
   */
  public Set<String> bareNames(Set<String> keywords) {
    Set<String> found = new LinkedHashSet<>();
    for (Token token : tokens) {
      if (token.kind == Kind.WORD && SUBQUERY.contains(token.text.toLowerCase(Locale.ROOT))) {
        return Set.of();
      }
    }
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      String name;
      if (token.kind == Kind.WORD) {
        name = token.text.toLowerCase(Locale.ROOT);
        if (keywords.contains(name)) {
          continue;
        }
      } else if (token.kind == Kind.QUOTED_IDENTIFIER) {
        name = token.text.substring(1, token.text.length() - 1).replace("\"\"", "\"");
      } else {
        continue;
      }
      if (isReference(i)) {
        found.add(name);
      }
    }
    return found;
  }

  /**
   * The values of the plain string literals ({@code 'cancelled'}, doubled quotes undone), in order;
   * escape strings and dollar-quoted text are left out.
   */
  public List<String> stringLiterals() {
    List<String> out = new ArrayList<>();
    for (Token token : tokens) {
      if (token.kind == Kind.STRING && token.text.startsWith("'")) {
        out.add(token.text.substring(1, token.text.length() - 1).replace("''", "'"));
      }
    }
    return out;
  }

  /** The words written right after {@code ::} (cast targets), lower case. */
  public Set<String> castTypes() {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).text.equals("::")) {
        int next = neighbourIndex(i, +1);
        if (next >= 0 && tokens.get(next).kind == Kind.WORD) {
          out.add(tokens.get(next).text.toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  private static final Set<String> SUBQUERY = Set.of("select", "values");

  /** Whether the word or quoted name at {@code i} stands where a column reference can. */
  private boolean isReference(int i) {
    int before = neighbourIndex(i, -1);
    int after = neighbourIndex(i, +1);
    Token previous = before < 0 ? null : tokens.get(before);
    Token next = after < 0 ? null : tokens.get(after);
    if (previous != null
        && (previous.text.equals(".")
            || previous.text.equals("::")
            || previous.text.equalsIgnoreCase("as")
            || previous.text.equalsIgnoreCase("collate"))) {
      return false;
    }
    if (next != null && (next.text.equals(".") || next.text.equals("(") || isStringLiteral(next))) {
      return false; // a qualifier, a function, or the type of a typed literal
    }
    if (next != null && next.text.equals("=")) {
      int arrow = after + 1;
      if (arrow < tokens.size() && tokens.get(arrow).text.equals(">")) {
        return false; // a named argument: f(name => value)
      }
    }
    if (next != null && next.text.equals("&") && tokens.get(i).text.equalsIgnoreCase("u")) {
      return false; // U&'...' (a Unicode escape string)
    }
    if (previous != null && previous.text.equals("(")) {
      int function = neighbourIndex(before, -1);
      if (function >= 0 && tokens.get(function).text.equalsIgnoreCase("extract")) {
        return false; // extract(epoch FROM x)
      }
    }
    if (previous != null && previous.text.equalsIgnoreCase("name")) {
      int open = neighbourIndex(before, -1);
      if (open >= 0 && tokens.get(open).text.equals("(")) {
        return false; // xmlelement(name tag, ...), xmlpi(name target)
      }
    }
    return true;
  }

  private static boolean isStringLiteral(Token token) {
    if (token.kind != Kind.STRING || token.text.isEmpty()) {
      return false;
    }
    char first = token.text.charAt(0);
    return first == '\'' || first == '$' || first == 'E' || first == 'e';
  }

  /**
   * The expression with every reference to one of {@code columns} written as {@code
   * rowVariable."column"}.
   */
  public String qualify(Set<String> columns, String rowVariable) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < tokens.size(); i++) {
      String column = columnAt(i, columns);
      out.append(
          column == null ? tokens.get(i).text : rowVariable + "." + Identifiers.quote(column));
    }
    return out.toString();
  }

  /**
   * The names of the functions this expression calls, lower case and without their schema: every
   * word followed by {@code (} that is not a type name ({@code ::numeric(10, 2)}, {@code AS
   * varchar(20)}). SQL keywords followed by a parenthesis ({@code IN (}, {@code CAST(}) are
   * included; callers that classify functions must expect them.
   */
  public Set<String> functionCalls() {
    Set<String> found = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      Token after = neighbour(i, +1);
      if (after == null || !after.text.equals("(")) {
        continue;
      }
      String name;
      if (token.kind == Kind.WORD) {
        name = token.text.toLowerCase(Locale.ROOT);
      } else if (token.kind == Kind.QUOTED_IDENTIFIER) {
        name = token.text.substring(1, token.text.length() - 1).replace("\"\"", "\"");
      } else {
        continue;
      }
      Token before = neighbour(i, -1);
      boolean typeName =
          before != null && (before.text.equals("::") || before.text.equalsIgnoreCase("as"));
      if (!typeName) {
        found.add(name);
      }
    }
    return found;
  }

  /** The column token {@code i} refers to, or null when it is not a bare column reference. */
  private String columnAt(int i, Set<String> columns) {
    Token token = tokens.get(i);
    String name;
    if (token.kind == Kind.WORD) {
      name = token.text.toLowerCase(Locale.ROOT);
    } else if (token.kind == Kind.QUOTED_IDENTIFIER) {
      name = token.text.substring(1, token.text.length() - 1).replace("\"\"", "\"");
    } else {
      return null;
    }
    if (!columns.contains(name)) {
      return null;
    }
    Token before = neighbour(i, -1);
    Token after = neighbour(i, +1);
    boolean qualified = before != null && before.text.equals(".");
    boolean typeName =
        before != null && (before.text.equals("::") || before.text.equalsIgnoreCase("as"));
    boolean qualifier = after != null && after.text.equals(".");
    boolean functionName = after != null && after.text.equals("(");
    return qualified || typeName || qualifier || functionName ? null : name;
  }

  private Token neighbour(int i, int step) {
    int j = neighbourIndex(i, step);
    return j < 0 ? null : tokens.get(j);
  }

  private int neighbourIndex(int i, int step) {
    for (int j = i + step; j >= 0 && j < tokens.size(); j += step) {
      if (tokens.get(j).kind != Kind.SPACE) {
        return j;
      }
    }
    return -1;
  }

  /** Splits {@code s} into tokens; returns a problem description, or null. */
  private static String lex(String s, List<Token> out) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        out.add(new Token(Kind.SPACE, s.substring(start, i)));
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        while (i < n && s.charAt(i) != '\n') i++;
        out.add(new Token(Kind.SPACE, s.substring(start, i)));
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        if (end < 0) {
          return "a /* comment is not closed";
        }
        i = end + 2;
        out.add(new Token(Kind.SPACE, s.substring(start, i)));
      } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && s.charAt(i + 1) == '\'')) {
        boolean escapes = c != '\'';
        i = closingQuote(s, escapes ? i + 2 : i + 1, '\'', escapes);
        if (i < 0) {
          return "a string literal is not closed";
        }
        out.add(new Token(Kind.STRING, s.substring(start, i)));
      } else if (c == '"') {
        i = closingQuote(s, i + 1, '"', false);
        if (i < 0) {
          return "a quoted identifier is not closed";
        }
        out.add(new Token(Kind.QUOTED_IDENTIFIER, s.substring(start, i)));
      } else if (c == '$' && dollarTagEnd(s, i) > 0) {
        int tagEnd = dollarTagEnd(s, i);
        String tag = s.substring(i, tagEnd);
        int close = s.indexOf(tag, tagEnd);
        if (close < 0) {
          return "a dollar-quoted string " + tag + " is not closed";
        }
        i = close + tag.length();
        out.add(new Token(Kind.STRING, s.substring(start, i)));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n
            && (Character.isLetterOrDigit(s.charAt(i)) || "_$".indexOf(s.charAt(i)) >= 0)) {
          i++;
        }
        out.add(new Token(Kind.WORD, s.substring(start, i)));
      } else if (Character.isDigit(c)) {
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
        out.add(new Token(Kind.STRING, s.substring(start, i)));
      } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
        i += 2;
        out.add(new Token(Kind.PUNCTUATION, "::"));
      } else {
        i++;
        out.add(new Token(Kind.PUNCTUATION, String.valueOf(c)));
      }
    }
    return null;
  }

  /**
   * The index just past the quote that closes a literal whose text starts at {@code from}, or -1
   * when it is not closed. A doubled quote is a quote inside the text; with {@code
   * backslashEscapes} (E'...'), so is a quote after a backslash.
   */
  private static int closingQuote(String s, int from, char quote, boolean backslashEscapes) {
    int i = from;
    while (i < s.length()) {
      char d = s.charAt(i);
      if (backslashEscapes && d == '\\') {
        i += 2;
      } else if (d != quote) {
        i++;
      } else if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
        i += 2;
      } else {
        return i + 1;
      }
    }
    return -1;
  }

  /** End index of a dollar-quote opening tag ($$ or $tag$) at {@code i}, or -1. */
  private static int dollarTagEnd(String s, int i) {
    int j = i + 1;
    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
      j++;
    }
    boolean tagStartsWithDigit = j > i + 1 && Character.isDigit(s.charAt(i + 1));
    return j < s.length() && s.charAt(j) == '$' && !tagStartsWithDigit ? j + 1 : -1;
  }
}
