package dev.straddle.processor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.straddle.processor.model.TypeWidening.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The accepted in-place type changes and how each is made; everything else is refused. */
class TypeWideningTest {

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "integer; bigint; SHADOW",
        "int4; int8; SHADOW",
        "smallint; integer; SHADOW",
        "int2; bigint; SHADOW",
        "varchar(20); varchar(100); CATALOG",
        "character varying(20); text; CATALOG",
        "varchar(20); varchar; CATALOG",
        "varchar; text; CATALOG",
        "numeric(8,2); numeric(12,2); CATALOG",
        "numeric(8,2); numeric; CATALOG",
        "decimal(8, 2); numeric(12, 4); SHADOW",
        "bigint; integer; REFUSED",
        "integer; integer; REFUSED",
        "varchar(100); varchar(20); REFUSED",
        "varchar(20); varchar(20); REFUSED",
        "text; varchar(20); REFUSED",
        "text; varchar; REFUSED",
        "numeric(12,2); numeric(8,2); REFUSED",
        "numeric(8,2); numeric(9,4); REFUSED",
        "numeric; numeric(20,2); REFUSED",
        "integer; text; REFUSED",
        "integer; numeric; REFUSED",
        "jsonb; text; REFUSED",
        "serial; bigint; REFUSED",
        "integer generated always as identity; bigint; REFUSED"
      })
  void classifiesTheChange(String from, String to, String expected) {
    Path path = TypeWidening.of(from, to);
    assertEquals(expected, path == null ? "REFUSED" : path.name());
  }
}
