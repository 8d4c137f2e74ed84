package dev.straddle.plan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.straddle.plan.SyncFragment.Direction;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlanCodecTest {

  /** Every record type and every variant of each, with text that needs escaping in Java source. */
  private static final PlannedMigration EVERYTHING =
      new PlannedMigration(
          7,
          "Rename \"jobs\".queue\nto lane — ünïcode, 'quotes', \\backslash",
          "0123abcd",
          List.of(
              SqlStatement.inTransaction("ALTER TABLE \"jobs\" ADD COLUMN \"lane\" text"),
              SqlStatement.outsideTransaction("CREATE INDEX CONCURRENTLY \"i\" ON \"jobs\" (x)")),
          List.of(
              SqlStatement.outsideTransaction("ALTER TABLE \"jobs\" VALIDATE CONSTRAINT \"c\""),
              SqlStatement.inTransaction("ALTER TABLE \"jobs\" DROP COLUMN \"queue\""),
              SqlStatement.afterTransaction("ALTER TABLE \"lines\" VALIDATE CONSTRAINT \"f\"")),
          List.of(
              new SyncFragment("app.jobs", Direction.UP, "lane", "\"queue\""),
              new SyncFragment("app.jobs", Direction.DOWN, "queue", "coalesce(lane, '')")),
          List.of(
              SchemaExpectation.tableExists("app.jobs"),
              SchemaExpectation.tableAbsent("app.jobs_lane_seq"),
              SchemaExpectation.columnExists("app.jobs", "queue", "text"),
              SchemaExpectation.columnExists("app.jobs", "payload", ""),
              SchemaExpectation.columnAbsent("app.jobs", "lane"),
              SchemaExpectation.constraintExists("app.jobs", "jobs_queue_check"),
              SchemaExpectation.constraintAbsent("app.jobs", "jobs_lane_fkey"),
              SchemaExpectation.keyExists("app.lanes", List.of("region", "name")),
              SchemaExpectation.keyExists("app.lanes", List.of()),
              SchemaExpectation.indexExists("app.lanes", "lanes_name_idx", ""),
              SchemaExpectation.indexExists("app.lanes", "lanes_old_idx", "unique btree (name)"),
              SchemaExpectation.indexAbsent("app.lanes", "lanes_new_idx"),
              SchemaExpectation.enumType("app.job_status", true),
              SchemaExpectation.enumType("mood", false),
              SchemaExpectation.enumLabel("app.job_status", "can't", true),
              SchemaExpectation.enumLabel("app.job_status", "paused", false),
              SchemaExpectation.triggerExists("app.jobs", "jobs_audit"),
              SchemaExpectation.triggerAbsent("jobs", "jobs_touch"),
              SchemaExpectation.functionExists("", "count_jobs", "text, integer"),
              SchemaExpectation.functionExists("app", "touch_job", "")),
          List.of(
              new IndexBuild(
                  "app.jobs",
                  "jobs_lane_idx",
                  "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"jobs_lane_idx\" ON \"app\".\"jobs\""
                      + " (\"lane\")")),
          List.of(
              SqlStatement.outsideTransaction(
                  "DROP INDEX CONCURRENTLY IF EXISTS \"jobs_lane_idx\""),
              SqlStatement.inTransaction("ALTER TABLE \"jobs\" DROP COLUMN IF EXISTS \"lane\"")));

  /** Lists left empty and empty strings. */
  private static final PlannedMigration NOTHING =
      new PlannedMigration(8, "", "", List.of(), List.of(), List.of(), List.of());

  @Test
  void everyRecordTypeSurvivesTheRoundTrip() {
    assertEquals(List.of(EVERYTHING), PlanCodec.decode(PlanCodec.FORMAT, flat(EVERYTHING)));
  }

  @Test
  void emptyListsAndEmptyStringsSurviveTheRoundTrip() {
    assertEquals(List.of(NOTHING), PlanCodec.decode(PlanCodec.FORMAT, flat(NOTHING)));
  }

  @Test
  void migrationsKeepTheirOrderWithinAndAcrossParts() {
    PlannedMigration third =
        new PlannedMigration(9, "third", "c", List.of(), List.of(), List.of(), List.of());
    String[] firstPart = concat(flat(EVERYTHING), flat(NOTHING));
    assertEquals(
        List.of(EVERYTHING, NOTHING, third),
        PlanCodec.decode(PlanCodec.FORMAT, firstPart, flat(third)));
    assertEquals(List.of(), PlanCodec.decode(PlanCodec.FORMAT));
  }

  @Test
  void theExampleCoversEveryTag() {
    // A tag added to the format must be exercised by the round trip above.
    Set<String> tags =
        PlanCodec.encode(EVERYTHING).stream()
            .skip(1)
            .map(line -> line.get(0))
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "expand",
            "expand outside a transaction",
            "contract",
            "contract outside a transaction",
            "contract after the transaction",
            "up",
            "down",
            "table exists",
            "table absent",
            "column exists",
            "column absent",
            "constraint exists",
            "constraint absent",
            "key exists",
            "index exists",
            "index absent",
            "enum exists",
            "enum absent",
            "enum label exists",
            "enum label absent",
            "trigger exists",
            "trigger absent",
            "function exists",
            "index",
            "rollback",
            "rollback outside a transaction"),
        tags);
  }

  @Test
  void eachLineIsAHeaderOrOneItem() {
    List<List<String>> lines = PlanCodec.encode(EVERYTHING);
    assertEquals(
        List.of(PlanCodec.MIGRATION, "7", EVERYTHING.description(), "0123abcd"), lines.get(0));
    assertEquals(
        1 + 2 + 3 + 2 + 20 + 1 + 2,
        lines.size(),
        "one line per statement, fragment, fact, index and rollback statement");
  }

  @Test
  void stringsItDidNotWriteAreRefusedClearly() {
    IllegalStateException unknown =
        assertThrows(
            IllegalStateException.class,
            () ->
                PlanCodec.decode(
                    PlanCodec.FORMAT, framed("migration", "1", "d", "c", "undo", "x")));
    assertTrue(unknown.getMessage().contains("unknown plan item undo"), unknown.getMessage());
    IllegalStateException cut =
        assertThrows(
            IllegalStateException.class,
            () ->
                PlanCodec.decode(
                    PlanCodec.FORMAT, framed("migration", "1", "d", "c", "up", "t", "x")));
    assertTrue(cut.getMessage().contains("cut short"), cut.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> PlanCodec.decode(PlanCodec.FORMAT, framed("expand", "x")));
    for (String text : List.of("9:migration1:", "migration", "x:y", "-1:", "4:ab")) {
      IllegalStateException framing =
          assertThrows(
              IllegalStateException.class,
              () -> PlanCodec.decode(PlanCodec.FORMAT, new String[] {text}),
              text);
      assertTrue(framing.getMessage().contains("plan text"), framing.getMessage());
    }
  }

  @Test
  void aMigrationIsOneLiteralUnlessTooLongForOneConstant() {
    assertEquals(1, PlanCodec.literals(EVERYTHING).size());
    // 3-byte chars in the class file, and a surrogate pair astride each cut.
    String sql = "€".repeat(PlanCodec.LITERAL_CHARS - 1) + "😀".repeat(PlanCodec.LITERAL_CHARS);
    PlannedMigration big =
        new PlannedMigration(
            9,
            "big",
            "c",
            List.of(SqlStatement.inTransaction(sql)),
            List.of(),
            List.of(),
            List.of());
    List<String> literals = PlanCodec.literals(big);
    assertTrue(literals.size() > 2, "cut into " + literals.size());
    for (String literal : literals) {
      assertTrue(literal.length() <= PlanCodec.LITERAL_CHARS);
      // The class file's encoding of a constant; writeUTF refuses more than 65,535 bytes.
      assertDoesNotThrow(
          () -> new DataOutputStream(OutputStream.nullOutputStream()).writeUTF(literal));
      assertTrue(!Character.isHighSurrogate(literal.charAt(literal.length() - 1)));
    }
    String[] part = concat(flat(EVERYTHING), literals.toArray(new String[0]));
    assertEquals(List.of(EVERYTHING, big), PlanCodec.decode(PlanCodec.FORMAT, part));
  }

  @Test
  void aPlanInAnotherFormatIsRefusedClearly() {
    IllegalStateException other =
        assertThrows(
            IllegalStateException.class,
            () -> PlanCodec.decode(PlanCodec.FORMAT + 1, flat(EVERYTHING)));
    assertTrue(
        other.getMessage().contains("plan format " + (PlanCodec.FORMAT + 1)), other.getMessage());
  }

  private static String[] flat(PlannedMigration m) {
    return PlanCodec.literals(m).toArray(new String[0]);
  }

  /** {@code strings} framed as {@link PlanCodec#literals} frames a migration's strings. */
  private static String[] framed(String... strings) {
    StringBuilder text = new StringBuilder();
    for (String s : strings) {
      text.append(s.length()).append(':').append(s);
    }
    return new String[] {text.toString()};
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
