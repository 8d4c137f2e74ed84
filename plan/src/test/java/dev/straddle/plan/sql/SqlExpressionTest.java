package dev.straddle.plan.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How user expressions are rewritten for a trigger body, and which ones are refused. */
class SqlExpressionTest {

  private static final Set<String> COLUMNS = Set.of("status", "qty", "date", "lower");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '`',
      textBlock =
          """
          status = 'aborting' => NEW."status" = 'aborting'
          'status' => 'status'
          STATUS <> 'x' => NEW."status" <> 'x'
          "status" || 'x' => NEW."status" || 'x'
          lower(status) => lower(NEW."status")
          t.status => t.status
          status::text => NEW."status"::text
          qty::date => NEW."qty"::date
          CAST(qty AS date) => CAST(NEW."qty" AS date)
          E'it\\'s status' || status => E'it\\'s status' || NEW."status"
          $$status$$ || $q$status$q$ => $$status$$ || $q$status$q$
          /* status */ qty + 1 => /* status */ NEW."qty" + 1
          coalesce(other, qty) => coalesce(other, NEW."qty")
          """)
  void knownColumnsBecomeFieldsOfTheRow(String expression, String qualified) {
    assertEquals(qualified, SqlExpression.of(expression).qualify(COLUMNS, "NEW"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status; DROP TABLE jobs",
        "'not closed",
        "\"not closed",
        "/* not closed",
        "$$ not closed",
        "x || $straddle$",
        "   "
      })
  void unsafeExpressionsAreRefused(String expression) {
    assertNotNull(SqlExpression.of(expression).problem(), expression);
  }

  @ParameterizedTest
  @ValueSource(strings = {"status = ';'", "status -- a comment; with a semicolon", "$$;$$"})
  void semicolonsInsideLiteralsAndCommentsAreFine(String expression) {
    assertNull(SqlExpression.of(expression).problem(), expression);
  }

  @org.junit.jupiter.api.Test
  void referencedColumnsAreInOrderOfFirstMention() {
    assertEquals(
        List.of("qty", "status"),
        List.copyOf(
            SqlExpression.of("qty * 2 + length(status) + qty + t.date")
                .referencedColumns(COLUMNS)));
  }
}
