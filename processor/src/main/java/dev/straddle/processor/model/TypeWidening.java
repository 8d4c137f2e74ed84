package dev.straddle.processor.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one list of in-place type changes ({@code @ChangeColumnType}) Straddle accepts: widenings
 * whose values both releases can read, and how each is made (docs/ARCHITECTURE.md, "Column type
 * changes"). Anything not listed is refused at compile time.
 *
 * <ul>
 *   <li>{@code smallint} → {@code integer} or {@code bigint}, {@code integer} → {@code bigint}:
 *       {@link Path#SHADOW} (PostgreSQL rewrites the table for these);
 *   <li>{@code varchar(n)} → {@code varchar(m)} with {@code m > n}, {@code varchar} or {@code
 *       text}; {@code varchar} → {@code text}: {@link Path#CATALOG} (binary coercible, the length
 *       check only loosens: PostgreSQL changes the catalog and neither rewrites nor rescans);
 *   <li>{@code numeric(p,s)} → {@code numeric(q,s)} with {@code q > p}, or → {@code numeric}:
 *       {@link Path#CATALOG} (same scale, the precision check only loosens); {@code numeric(p,s)} →
 *       {@code numeric(q,t)} with {@code t > s} and {@code q - t >= p - s}: {@link Path#SHADOW}
 *       (every value gains digits, a rewrite).
 * </ul>
 */
public final class TypeWidening {

  /** How a widening is made. */
  public enum Path {
    /** One {@code ALTER COLUMN ... TYPE} at expand: PostgreSQL changes the catalog only. */
    CATALOG,
    /** A shadow column kept in sync, backfilled and swapped in at contract. */
    SHADOW
  }

  /** What the compile error lists as accepted. */
  public static final String ACCEPTED =
      "smallint→integer/bigint, integer→bigint, varchar(n)→varchar(m>n)/varchar/text,"
          + " numeric(p,s)→numeric(q>p,s)/numeric/numeric(q,t>s) with q-t>=p-s";

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("int", "integer"),
          Map.entry("int4", "integer"),
          Map.entry("int8", "bigint"),
          Map.entry("int2", "smallint"),
          Map.entry("character varying", "varchar"),
          Map.entry("decimal", "numeric"));

  private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint");

  private static final Pattern TYPE =
      Pattern.compile("([a-z][a-z0-9 ]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");

  /** A parsed type: its base name and its modifiers (-1 when absent). */
  private record Parsed(String base, int first, int second) {}

  private TypeWidening() {}

  /**
   * How {@code from} widens to {@code to} in place, or null when it is not an accepted widening.
   */
  public static Path of(String from, String to) {
    Parsed a = parse(from);
    Parsed b = parse(to);
    if (a == null || b == null) {
      return null;
    }
    int ai = INTEGERS.indexOf(a.base());
    int bi = INTEGERS.indexOf(b.base());
    if (ai >= 0 && bi >= 0 && a.first() < 0 && b.first() < 0) {
      return ai < bi ? Path.SHADOW : null;
    }
    if (a.base().equals("varchar") && a.second() < 0 && b.second() < 0) {
      return varchar(a.first(), b);
    }
    if (a.base().equals("numeric") && b.base().equals("numeric")) {
      return numeric(a, b);
    }
    return null;
  }

  /** From {@code varchar(length)} ({@code length < 0}: unbounded) to {@code to}. */
  private static Path varchar(int length, Parsed to) {
    if (length < 0) {
      return to.base().equals("text") && to.first() < 0 ? Path.CATALOG : null;
    }
    boolean unbounded = to.first() < 0 && (to.base().equals("varchar") || to.base().equals("text"));
    boolean longer = to.base().equals("varchar") && to.first() > length;
    return unbounded || longer ? Path.CATALOG : null;
  }

  private static Path numeric(Parsed from, Parsed to) {
    if (from.first() < 0) {
      return null; // unconstrained numeric is the widest
    }
    if (to.first() < 0) {
      return Path.CATALOG;
    }
    int fromScale = Math.max(from.second(), 0);
    int toScale = Math.max(to.second(), 0);
    if (toScale == fromScale) {
      return to.first() > from.first() ? Path.CATALOG : null;
    }
    boolean keepsDigits = to.first() - toScale >= from.first() - fromScale;
    return toScale > fromScale && keepsDigits ? Path.SHADOW : null;
  }

  /** Whether {@code type} is one of the integer types. */
  public static boolean integer(String type) {
    Parsed parsed = parse(type);
    return parsed != null && parsed.first() < 0 && INTEGERS.contains(parsed.base());
  }

  private static Parsed parse(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    Matcher m = TYPE.matcher(t);
    if (!m.matches()) {
      return null;
    }
    String base = ALIASES.getOrDefault(m.group(1).trim(), m.group(1).trim());
    int first = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
    int second = m.group(3) == null ? -1 : Integer.parseInt(m.group(3));
    return new Parsed(base, first, second);
  }
}
