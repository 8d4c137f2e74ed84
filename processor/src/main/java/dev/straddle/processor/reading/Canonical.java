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
}
