package dev.straddle.processor.reading;

/** Unambiguous {@code name=<length>:value} pairs for checksums. */
final class Canonical {

  private Canonical() {}

  static String of(String kind, Object... namesAndValues) {
    StringBuilder out = new StringBuilder(kind);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String value = String.valueOf(namesAndValues[i + 1]);
      out.append(' ')
          .append(namesAndValues[i])
          .append('=')
          .append(value.length())
          .append(':')
          .append(value);
    }
    return out.toString();
  }

  /** A list as {@code [<len>:a,<len>:b]}: unambiguous whatever the elements hold. */
  static String list(java.util.List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (String v : values) {
      out.append(out.length() > 1 ? "," : "").append(v.length()).append(':').append(v);
    }
    return out.append(']').toString();
  }
}
