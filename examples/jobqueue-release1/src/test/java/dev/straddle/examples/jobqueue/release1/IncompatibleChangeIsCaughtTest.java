package dev.straddle.examples.jobqueue.release1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The compatibility kit catches what the compiler cannot: a release 2 whose expand silently changes
 * what release 1 reads turns release 1's own suite red. (What the compiler can catch, it does:
 * dropping a NOT NULL column without a {@code down} or a default is a compile error, {@code
 * [StraddleDropNotNullWithoutDown]}.)
 */
class IncompatibleChangeIsCaughtTest {

  @Test
  void release1sSuiteGoesRedOnTheIncompatibleSchema() {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(Release1OnIncompatibleRelease2Fixture.class))
            .execute()
            .testEvents();

    List<String> failed =
        tests.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    assertEquals(List.of("anAbortedJobFails(CompatDatabase)"), failed);
    Event failure = tests.failed().stream().findFirst().orElseThrow();
    String message =
        failure
            .getPayload(TestExecutionResult.class)
            .flatMap(TestExecutionResult::getThrowable)
            .map(Throwable::getMessage)
            .orElse("");
    assertEquals("expected: <true> but was: <false>", message);
    assertEquals(2, tests.succeeded().count(), "the rest of release 1 still works");
  }
}
