package dev.straddle.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.straddle.runtime.StartupGuard;
import dev.straddle.spring.boot.autoconfigure.StraddleEndpoint.MigrationDescriptor;
import dev.straddle.spring.boot.autoconfigure.StraddleEndpoint.StatusDescriptor;
import dev.straddle.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** Health contributor, endpoint and meters, on the embedded PostgreSQL. */
class StraddleActuatorTest {

  private static final String EXPOSED = "management.endpoints.web.exposure.include=health,straddle";

  @Test
  void healthIsUpInsideTheWindowAndTheEndpointShowsTheStatus() throws Exception {
    TestDatabase db = Boot.accounts("bootHealthUp", 5);
    Boot.runner(db)
        .withPropertyValues("straddle.run-at-start=migrate", EXPOSED)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Health health = context.getBean(StraddleHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails())
                  .containsEntry("head", 2)
                  .containsEntry("liveHeads", List.of(2))
                  .doesNotContainKey("outsideWindow");
              assertThat((String) health.getDetails().get("schemaState"))
                  .contains("backfilled through 2");

              StatusDescriptor status = context.getBean(StraddleEndpoint.class).status();
              assertThat(status.head()).isEqualTo(2);
              assertThat(status.insideWindow()).isTrue();
              assertThat(status.backfilledThrough()).isEqualTo(2);
              assertThat(status.contractedThrough()).isNull();
              assertThat(status.migrations())
                  .extracting(MigrationDescriptor::id, MigrationDescriptor::phase)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple(1, "backfilled"),
                      org.assertj.core.groups.Tuple.tuple(2, "backfilled"));
              assertThat(status.migrations().get(0).backfillRows()).isEqualTo(5);
              assertThat(status.liveHeads()).containsExactly(2);
              assertThat(status.instances())
                  .singleElement()
                  .satisfies(i -> assertThat(i.application()).isEqualTo("accounts"));
              assertThat(status.problems()).isEmpty();
            });
  }

  @Test
  void healthIsDownOutsideTheWindowNamingWhatIsMissing() throws Exception {
    TestDatabase db = Boot.accounts("bootHealthDown", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.startup-guard=warn", EXPOSED)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(StraddleProperties.class).getStartupGuard())
                  .isEqualTo(StartupGuard.Mode.WARN);
              Health health = context.getBean(StraddleHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails().get("outsideWindow"))
                  .asInstanceOf(InstanceOfAssertFactories.list(String.class))
                  .hasSize(2)
                  .first()
                  .asString()
                  .contains("migration 1 (Add accounts.display_name) is pending");
              assertThat(context.getBean(StraddleEndpoint.class).status().insideWindow()).isFalse();
            });
  }

  @Test
  void healthIsDownWhenTheStatusCannotBeRead() throws Exception {
    TestDatabase db = Boot.accounts("bootHealthUnreadable", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.run-at-start=migrate")
        .run(
            context -> {
              // The pool closed: the status cannot be read.
              context.getBean(DataSource.class).unwrap(HikariDataSource.class).close();
              Health health = context.getBean(StraddleHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat((String) health.getDetails().get("error"))
                  .contains("cannot read the database")
                  .contains("has been closed");
            });
  }

  @Test
  void theEndpointIsOnlyThereWhenExposed() throws Exception {
    TestDatabase db = Boot.accounts("bootNotExposed", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.run-at-start=migrate")
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(StraddleEndpoint.class)
                    .hasSingleBean(StraddleHealthIndicator.class));
  }

  @Test
  void metersCountTheBackfillAtStartAndTheMigrationsInFlight() throws Exception {
    TestDatabase db = Boot.accounts("bootMeters", 1200);
    Boot.runner(db)
        .withPropertyValues("straddle.run-at-start=migrate", "straddle.batch.max-rows=500")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .get(StraddleMetrics.ROWS)
                          .tags("migration", "1", "table", "accounts")
                          .functionCounter()
                          .count())
                  .isEqualTo(1200);
              var batches =
                  registry
                      .get(StraddleMetrics.BATCHES)
                      .tags("migration", "1", "table", "accounts")
                      .functionTimer();
              assertThat(batches.count()).isGreaterThanOrEqualTo(3);
              assertThat(batches.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
              assertThat(
                      registry
                          .get(StraddleMetrics.RATE)
                          .tags("migration", "1", "table", "accounts")
                          .gauge()
                          .value())
                  .isPositive();
              assertThat(registry.get(StraddleMetrics.IN_FLIGHT).gauge().value()).isEqualTo(2);
            });
  }

  @Test
  void lockRetriesAreCountedPerMigrationAndPhase() {
    StraddleMetrics metrics = new StraddleMetrics(emptyProvider());
    metrics.lockRetry(3, "expand", "ALTER TABLE t ADD COLUMN c int", 1, 10);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    metrics.lockRetry(3, "expand", "ALTER TABLE t ADD COLUMN c int", 2, 20);
    metrics.lockRetry(4, "contract", "ALTER TABLE t DROP COLUMN d", 1, 10);
    assertThat(
            registry
                .get(StraddleMetrics.LOCK_RETRIES)
                .tags("migration", "3", "phase", "expand")
                .functionCounter()
                .count())
        .as("the retry before binding counts too")
        .isEqualTo(2);
    assertThat(
            registry
                .get(StraddleMetrics.LOCK_RETRIES)
                .tags("migration", "4", "phase", "contract")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(StraddleMetrics.IN_FLIGHT).gauge().value()).isNaN();
  }

  private static <T> ObjectProvider<T> emptyProvider() {
    return new ObjectProvider<>() {
      @Override
      public T getObject(Object... args) {
        throw new IllegalStateException();
      }

      @Override
      public T getIfAvailable() {
        return null;
      }

      @Override
      public T getIfUnique() {
        return null;
      }

      @Override
      public T getObject() {
        throw new IllegalStateException();
      }
    };
  }
}
