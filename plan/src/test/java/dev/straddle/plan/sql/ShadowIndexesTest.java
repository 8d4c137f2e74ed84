package dev.straddle.plan.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** How an index of a widened column is rewritten onto the shadow column. */
class ShadowIndexesTest {

  @Test
  void theColumnIsReplacedInKeysExpressionsIncludeAndPredicateNotInNames() {
    assertEquals(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"straddle_x\" ON public.order_lines USING btree"
            + " (order_id_straddle_new)",
        ShadowIndexes.create(
            "CREATE INDEX order_lines_order_id_idx ON public.order_lines USING btree (order_id)",
            "order_id",
            "order_id_straddle_new",
            "straddle_x"));
    assertEquals(
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"straddle_x\" ON public.order_id USING"
            + " btree (qty, ((order_id_straddle_new + 1))) INCLUDE (order_id_straddle_new)"
            + " WHERE (order_id_straddle_new > 0)",
        ShadowIndexes.create(
            "CREATE UNIQUE INDEX i ON public.order_id USING btree (qty, ((order_id + 1)))"
                + " INCLUDE (order_id) WHERE (order_id > 0)",
            "order_id",
            "order_id_straddle_new",
            "straddle_x"));
    assertEquals(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"straddle_x\" ON public.t USING btree"
            + " (\"Order Id_straddle_new\", order_id_2)",
        ShadowIndexes.create(
            "CREATE INDEX i ON public.t USING btree (\"Order Id\", order_id_2)",
            "\"Order Id\"",
            "Order Id_straddle_new",
            "straddle_x"));
  }

  @Test
  void aDefinitionThatNamesTheColumnInALiteralIsNotCopied() {
    assertNull(
        ShadowIndexes.create(
            "CREATE INDEX i ON public.t USING btree (order_id) WHERE (note <> 'order_id')",
            "order_id",
            "order_id_straddle_new",
            "straddle_x"));
  }
}
