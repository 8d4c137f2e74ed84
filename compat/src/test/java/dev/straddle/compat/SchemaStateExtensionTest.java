package dev.straddle.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.straddle.runtime.Phase;
import dev.straddle.testkit.PostgresMajor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class SchemaStateExtensionTest {

  /** Code with head 1 on a schema where migration 2 is expanded: it still writes "body". */
  @Nested
  @SchemaState(plan = RenamePlan.class, head = 1)
  class OldCodeOnExpandedSchema {

    @Test
    void oldCodeWritesTheOldColumnAndTheTriggerFillsTheNewOne(CompatDatabase db)
        throws SQLException {
      assertEquals(Phase.BACKFILLED, db.status().migrations().get(1).phase());
      try (Connection connection = db.connect();
          Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO notes (body) VALUES ('hello')");
        try (ResultSet row =
            statement.executeQuery("SELECT text, current_setting('straddle.head') FROM notes")) {
          row.next();
          assertEquals("hello", row.getString(1));
          assertEquals("1", row.getString(2));
        }
      }
    }
  }

  /** Code with head 2 once migration 2 is contracted: the old column is gone. */
  @Nested
  @SchemaState(plan = RenamePlan.class, head = 2, contractedUpTo = 2)
  @PostgresMajor(13)
  class NewCodeOnContractedSchema {

    @Test
    void theOldColumnIsGone(CompatDatabase db) throws SQLException {
      assertEquals(Phase.CONTRACTED, db.status().migrations().get(1).phase());
      try (Connection connection = db.connect();
          Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO notes (text) VALUES ('hello')");
        assertThrows(SQLException.class, () -> statement.execute("SELECT body FROM notes"));
        assertEquals(13, connection.getMetaData().getDatabaseMajorVersion());
      }
    }
  }

  @Test
  void aStateOutsideTheWindowOfTheHeadIsRefused() {
    assertRefusal(OutsideTheWindowFixture.class, "outside the compatibility window of head 1");
  }

  @Test
  void aClassWithoutSchemaStateIsToldWhatItLacks() {
    assertRefusal(
        MisconfiguredFixtures.NoState.class, "needs @SchemaState to get a CompatDatabase");
  }

  @Test
  void aPlanWithoutANoArgumentConstructorIsRefused() {
    assertRefusal(
        MisconfiguredFixtures.UnbuildablePlanState.class, "needs a public no-argument constructor");
  }

  @Test
  void aMissingSetupResourceIsNamed() {
    assertRefusal(
        MisconfiguredFixtures.MissingSetup.class, "setup resource not found: no/such/file.sql");
  }

  /** Runs {@code fixture} with the engine test kit: its one test fails with {@code message}. */
  private static void assertRefusal(Class<?> fixture, String message) {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(fixture))
            .execute()
            .testEvents();
    assertEquals(1, events.failed().count());
    Throwable failure =
        events.failed().stream()
            .findFirst()
            .orElseThrow()
            .getPayload(org.junit.platform.engine.TestExecutionResult.class)
            .orElseThrow()
            .getThrowable()
            .orElseThrow();
    assertTrue(failure.getMessage().contains(message), failure.getMessage());
  }
}
