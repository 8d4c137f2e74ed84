package dev.straddle.plan.sql;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Quoting and checking of PostgreSQL identifiers. */
public final class Identifiers {

  /** PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes. */
  public static final int MAX_BYTES = 63;

  /**
   * Straddle quotes every identifier, so only names in PostgreSQL's folded form (lower case) mean
   * the same quoted and unquoted; anything else would be a trap for the application's own SQL.
   */
  private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_$]*");

  private Identifiers() {}

  /** {@code "name"}, with embedded quotes doubled. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** A SQL string literal, {@code 'text'}, with embedded quotes doubled. */
  public static String literal(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }

  /**
   * Why {@code identifier} is not acceptable as a Straddle identifier, or {@code null} when it is.
   */
  public static String problem(String identifier) {
    if (identifier.isEmpty()) {
      return "it is empty";
    }
    int bytes = identifier.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      return "it is " + bytes + " bytes long; PostgreSQL keeps at most " + MAX_BYTES;
    }
    if (!SAFE.matcher(identifier).matches()) {
      return "use lower-case letters, digits, '_' or '$', starting with a letter or '_'"
          + " (Straddle quotes every name, so other spellings would differ from the unquoted"
          + " name your SQL uses)";
    }
    return null;
  }

  /**
   * Shortens {@code name} to fit in {@link #MAX_BYTES}, keeping it unique with a hash suffix, for
   * names Straddle derives (sync functions) from user names.
   */
  public static String fit(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return name;
    }
    String suffix = "_" + Integer.toHexString(name.hashCode());
    return name.substring(0, MAX_BYTES - suffix.length()) + suffix;
  }
}
