package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.spring.boot.autoconfigure.migrations.Accounts;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.SQLException;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the tests share: a fresh database with the accounts table, and the context runner. */
final class Boot {

  static final String PLAN = "dev.straddle.spring.boot.autoconfigure.TestPlan";

  private Boot() {}

  /** A fresh database with {@code accounts} holding {@code rows} rows. */
  static TestDatabase accounts(String hint, int rows) throws SQLException {
    TestDatabase db = TestPostgres.newDatabase(hint);
    db.execute(Accounts.CREATE);
    if (rows > 0) {
      db.execute(
          "INSERT INTO accounts SELECT i, 'name ' || i FROM generate_series(1, " + rows + ") i");
    }
    return db;
  }

  /**
   * A context of Spring Boot's DataSource (Hikari) and JdbcTemplate, metrics, and Straddle's
   * auto-configurations, on {@code db}, with the test plan.
   */
  static ApplicationContextRunner runner(TestDatabase db) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class,
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                StraddleAutoConfiguration.class,
                StraddleActuatorAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=" + db.jdbcUrl(),
            "spring.datasource.username=" + db.user(),
            "spring.datasource.password=" + db.password(),
            "spring.application.name=accounts",
            "straddle.plan-class=" + PLAN);
  }
}
