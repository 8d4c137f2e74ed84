package dev.straddle.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.straddle.runtime.MigrationState;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.StartupGuard;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleConfiguration;
import dev.straddle.runtime.StraddleDataSource;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.WriterHead;
import dev.straddle.testkit.TestDatabase;
import java.time.Duration;
import java.util.Arrays;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The auto-configuration on the embedded PostgreSQL: migrations at start ordered before
 * JdbcTemplate beans, the wrapped DataSource, registration, startup guard, property mapping.
 */
class StraddleAutoConfigurationTest {

  /** A bean that reads the migrated table as it is created: it needs the migrations before it. */
  static final class AccountsReader {
    final long withDisplayName;

    AccountsReader(JdbcTemplate jdbc) {
      withDisplayName =
          jdbc.queryForObject(
              "SELECT count(*) FROM accounts WHERE display_name = upper(name)", Long.class);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ReaderConfiguration {
    @Bean
    AccountsReader accountsReader(JdbcTemplate jdbc) {
      return new AccountsReader(jdbc);
    }
  }

  private static Straddle outsider(TestDatabase db) {
    return Straddle.configure(new TestPlan()).dataSource(db.dataSource()).load();
  }

  @Test
  void migratesAtStartBeforeTheJdbcTemplateBeans() throws Exception {
    TestDatabase db = Boot.accounts("bootMigrates", 300);
    Boot.runner(db)
        .withUserConfiguration(ReaderConfiguration.class)
        .withPropertyValues("straddle.run-at-start=migrate")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              // Created after the migrations: every existing row has its display name.
              assertThat(context.getBean(AccountsReader.class).withDisplayName).isEqualTo(300);
              assertThat(
                      Arrays.asList(
                          context
                              .getBeanFactory()
                              .getBeanDefinition("jdbcTemplate")
                              .getDependsOn()))
                  .contains("straddleStartup");
              StraddleStartup startup = context.getBean(StraddleStartup.class);
              assertThat(startup.runAtStartResult().stepTexts())
                  .containsExactly("1 expanded", "2 expanded", "1 backfilled", "2 backfilled");
              assertThat(outsider(db).status().migrations())
                  .extracting(MigrationState::phase)
                  .containsExactly(Phase.BACKFILLED, Phase.BACKFILLED);
            });
  }

  @Test
  void everyConnectionSaysTheBuildsHeadAndThePoolStaysHikari() throws Exception {
    TestDatabase db = Boot.accounts("bootHead", 0);
    HikariDataSource[] pool = new HikariDataSource[1];
    Boot.runner(db)
        .withPropertyValues("straddle.run-at-start=migrate")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DataSource dataSource = context.getBean(DataSource.class);
              assertThat(dataSource).isInstanceOf(StraddleDataSource.class);
              assertThat(((StraddleDataSource) dataSource).mode())
                  .isEqualTo(WriterHead.Mode.TRANSACTION);
              assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
              pool[0] = dataSource.unwrap(HikariDataSource.class);
              assertThat(pool[0].isRunning()).isTrue();

              JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
              assertThat(
                      jdbc.queryForObject(
                          "SELECT current_setting('straddle.head', true)", String.class))
                  .isEqualTo("2");
              // Head 2 writes only the new column; the sync trigger fills the old one, because
              // it reads head 2 from the connection (a writer saying nothing is head 0, whose
              // row would lack name, NOT NULL).
              jdbc.update(
                  "INSERT INTO accounts (id, full_name, display_name) VALUES (1, 'Ada', 'ADA')");
              assertThat(
                      jdbc.queryForObject("SELECT name FROM accounts WHERE id = 1", String.class))
                  .isEqualTo("Ada");
            });
    assertThat(pool[0].isClosed()).as("the pool is closed with the context").isTrue();
  }

  @Test
  void registersWhileTheContextRunsAndDeregistersAtStop() throws Exception {
    TestDatabase db = Boot.accounts("bootRegisters", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.run-at-start=migrate")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(outsider(db).status().instances())
                  .singleElement()
                  .satisfies(
                      i -> {
                        assertThat(i.head()).isEqualTo(2);
                        assertThat(i.application()).isEqualTo("accounts");
                      });
              context.stop();
              assertThat(outsider(db).status().instances()).isEmpty();
              context.start();
              assertThat(outsider(db).status().liveHeads()).containsExactly(2);
            });
    assertThat(outsider(db).status().instances()).isEmpty();
  }

  @Test
  void theStartupGuardRefusingFailsTheStartAndLeavesNoRegistration() throws Exception {
    TestDatabase db = Boot.accounts("bootRefused", 0);
    Boot.runner(db)
        .withUserConfiguration(ReaderConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(StraddleException.class)
                  .hasMessageContaining("outside its compatibility window")
                  .hasMessageContaining("migration 1 (Add accounts.display_name) is pending");
            });
    assertThat(outsider(db).status().instances()).isEmpty();
    assertThat(outsider(db).status().migrations())
        .extracting(MigrationState::phase)
        .containsOnly(Phase.PENDING);
  }

  @Test
  void unregisteredTheGuardStillRefuses() throws Exception {
    TestDatabase db = Boot.accounts("bootUnregistered", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.registry.enabled=false")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(StraddleException.class)
                    .hasMessageContaining("outside its compatibility window"));
  }

  @Test
  void unregisteredItGuardsWithoutRegistering() throws Exception {
    TestDatabase db = Boot.accounts("bootUnregisteredStarts", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.run-at-start=migrate", "straddle.registry.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(StraddleStartup.class).registration()).isNull();
              assertThat(outsider(db).status().instances()).isEmpty();
              context.stop();
              context.start(); // guards again, still without registering
              assertThat(outsider(db).status().instances()).isEmpty();
            });
  }

  @Test
  void expandAtStartRunsExpandAndBackfillOnly() throws Exception {
    TestDatabase db = Boot.accounts("bootExpand", 10);
    Boot.runner(db)
        .withPropertyValues("straddle.run-at-start=expand")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(StraddleStartup.class).runAtStartResult().command())
                  .isEqualTo("expand");
            });
  }

  @Test
  void propertiesMapOntoTheOneConfiguration() throws Exception {
    TestDatabase db = Boot.accounts("bootProperties", 0);
    Boot.runner(db)
        .withPropertyValues(
            "straddle.run-at-start=migrate",
            "straddle.history-schema=ops",
            "straddle.lock-timeout=2s",
            "straddle.retry-budget=3m",
            "straddle.run-lock-wait=7s",
            "straddle.progress-every=1s",
            "straddle.backfill-workers=3",
            "straddle.batch.target=40ms",
            "straddle.batch.min-rows=10",
            "straddle.batch.max-rows=20",
            "straddle.batch.pause=5ms",
            "straddle.max-replica-lag=0s",
            "straddle.registry.application=billing",
            "straddle.registry.heartbeat=2s",
            "straddle.registry.expiry=30s",
            "straddle.writer-head=session")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              StraddleConfiguration c = context.getBean(Straddle.class).configuration();
              assertThat(c.historySchema()).isEqualTo("ops");
              assertThat(c.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
              assertThat(c.retryBudget()).isEqualTo(Duration.ofMinutes(3));
              assertThat(c.runLockWait()).isEqualTo(Duration.ofSeconds(7));
              assertThat(c.progressEvery()).isEqualTo(Duration.ofSeconds(1));
              assertThat(c.backfillWorkers()).isEqualTo(3);
              assertThat(c.batchTarget()).isEqualTo(Duration.ofMillis(40));
              assertThat(c.minBatch()).isEqualTo(10);
              assertThat(c.maxBatch()).isEqualTo(20);
              assertThat(c.batchPause()).isEqualTo(Duration.ofMillis(5));
              assertThat(c.adaptivePacing()).isFalse();
              assertThat(c.maxReplicaLag()).isEqualTo(Duration.ZERO);
              assertThat(c.application()).isEqualTo("billing");
              assertThat(c.heartbeatEvery()).isEqualTo(Duration.ofSeconds(2));
              assertThat(c.expireAfter()).isEqualTo(Duration.ofSeconds(30));
              assertThat(c.shutdownHook()).isFalse();
              assertThat(((StraddleDataSource) context.getBean(DataSource.class)).mode())
                  .isEqualTo(WriterHead.Mode.SESSION);
              // The history is where the property says.
              assertThat(
                      context
                          .getBean(JdbcTemplate.class)
                          .queryForObject(
                              "SELECT count(*) FROM ops.straddle_history", Integer.class))
                  .isEqualTo(2);
            });
  }

  @Test
  void theDefaultsAreTheRuntimes() throws Exception {
    TestDatabase db = Boot.accounts("bootDefaults", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.run-at-start=migrate")
        .run(
            context -> {
              StraddleConfiguration c = context.getBean(Straddle.class).configuration();
              StraddleConfiguration runtime =
                  Straddle.configure(new TestPlan()).dataSource(db.dataSource()).build();
              assertThat(c)
                  .usingRecursiveComparison()
                  .comparingOnlyFields(
                      "historySchema",
                      "lockTimeout",
                      "retryBudget",
                      "runLockWait",
                      "batchTarget",
                      "minBatch",
                      "maxBatch",
                      "batchPause",
                      "adaptivePacing",
                      "backfillWorkers",
                      "maxReplicaLag",
                      "progressEvery",
                      "heartbeatEvery",
                      "expireAfter")
                  .isEqualTo(runtime);
              // Unset, the batch target and pause leave the backfill pacing itself.
              assertThat(c.adaptivePacing()).isTrue();
              StraddleProperties properties = new StraddleProperties();
              assertThat(properties.getStartupGuard()).isEqualTo(StartupGuard.Mode.FAIL);
              assertThat(properties.getRunAtStart()).isEqualTo(StraddleProperties.RunAtStart.NONE);
            });
  }

  @Test
  void anInvalidValueFailsTheStartWithTheRuntimesMessage() throws Exception {
    TestDatabase db = Boot.accounts("bootInvalid", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.lock-timeout=0s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lock timeout 0 ms: it must be at least 1 ms"));
  }

  @Test
  void withoutAPlanTheStartFailsSayingWhatToSet() throws Exception {
    TestDatabase db = Boot.accounts("bootNoPlan", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.plan-class=")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("set straddle.plan-class to the plan class"));
  }

  @Test
  void disabledItConfiguresNothing() throws Exception {
    TestDatabase db = Boot.accounts("bootDisabled", 0);
    Boot.runner(db)
        .withPropertyValues("straddle.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(Straddle.class);
              assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
            });
  }
}
