package dev.straddle.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleDataSource;
import dev.straddle.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a whole Spring Boot application (every auto-configuration on the class path: JDBC,
 * actuator, metrics), migrating at start on the embedded PostgreSQL.
 */
@SpringBootTest(
    properties = {
      "straddle.plan-class=" + Boot.PLAN,
      "straddle.run-at-start=migrate",
      "spring.application.name=accounts",
      "spring.main.banner-mode=off",
      "management.endpoints.web.exposure.include=health,straddle",
      "management.endpoint.health.show-details=always"
    })
// Closed after the class, while the database runs (at JVM exit it would be stopping already).
@DirtiesContext
class StraddleSpringBootTest {

  @SpringBootApplication
  static class AccountsApplication {}

  private static final TestDatabase DB;

  static {
    try {
      DB = Boot.accounts("bootApplication", 50);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DB::jdbcUrl);
    registry.add("spring.datasource.username", DB::user);
    registry.add("spring.datasource.password", DB::password);
  }

  @Autowired Straddle straddle;
  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;
  @Autowired HealthEndpoint health;
  @Autowired StraddleEndpoint endpoint;
  @Autowired MeterRegistry meters;

  @Test
  void theApplicationStartsMigratedRegisteredAndHealthy() {
    assertThat(straddle.status().insideWindow()).isTrue();
    assertThat(dataSource).isInstanceOf(StraddleDataSource.class);
    assertThat(jdbc.queryForObject("SELECT current_setting('straddle.head', true)", String.class))
        .isEqualTo("2");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM accounts", Long.class)).isEqualTo(50);
    assertThat(health.healthForPath("straddle").getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(endpoint.status().liveHeads()).containsExactly(2);
    assertThat(meters.get(StraddleMetrics.ROWS).tags("migration", "1").functionCounter().count())
        .isEqualTo(50);
    assertThat(meters.get(StraddleMetrics.IN_FLIGHT).gauge().value()).isEqualTo(2);
  }
}
