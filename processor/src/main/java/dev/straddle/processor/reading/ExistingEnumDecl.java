package dev.straddle.processor.reading;

import java.util.List;

/** A baseline enum type, {@code @ExistingEnum}. */
public record ExistingEnumDecl(Site site, String name, List<String> values) {

  public ExistingEnumDecl {
    values = List.copyOf(values);
  }
}
