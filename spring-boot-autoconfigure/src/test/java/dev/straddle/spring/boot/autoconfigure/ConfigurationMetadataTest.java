package dev.straddle.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.straddle.runtime.StraddleConfiguration;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/**
 * The metadata IDEs show: the configuration processor cannot read a default from a constant of
 * another class, so the defaults are written out for it
 * (additional-spring-configuration-metadata.json); this test holds them to the runtime's.
 */
class ConfigurationMetadataTest {

  @Test
  void theDefaultsShownAreTheRuntimes() throws Exception {
    Map<String, JsonNode> shown = new HashMap<>();
    try (InputStream in =
        StraddleProperties.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
        shown.put(property.get("name").asText(), property.get("defaultValue"));
      }
    }
    assertThat(shown.get("straddle.history-schema").asText())
        .isEqualTo(StraddleConfiguration.DEFAULT_HISTORY_SCHEMA);
    assertThat(duration(shown, "straddle.lock-timeout"))
        .isEqualTo(StraddleConfiguration.DEFAULT_LOCK_TIMEOUT);
    assertThat(duration(shown, "straddle.retry-budget"))
        .isEqualTo(StraddleConfiguration.DEFAULT_RETRY_BUDGET);
    assertThat(duration(shown, "straddle.run-lock-wait"))
        .isEqualTo(StraddleConfiguration.DEFAULT_RUN_LOCK_WAIT);
    assertThat(duration(shown, "straddle.progress-every"))
        .isEqualTo(StraddleConfiguration.DEFAULT_PROGRESS_EVERY);
    assertThat(shown.get("straddle.backfill-workers").asInt())
        .isEqualTo(StraddleConfiguration.DEFAULT_BACKFILL_WORKERS);
    assertThat(duration(shown, "straddle.max-replica-lag"))
        .isEqualTo(StraddleConfiguration.DEFAULT_MAX_REPLICA_LAG);
    // No default shown: unset, the backfill paces itself.
    assertThat(shown.get("straddle.batch.target")).isNull();
    assertThat(shown.get("straddle.batch.min-rows").asInt())
        .isEqualTo(StraddleConfiguration.DEFAULT_MIN_BATCH);
    assertThat(shown.get("straddle.batch.max-rows").asInt())
        .isEqualTo(StraddleConfiguration.DEFAULT_MAX_BATCH);
    assertThat(shown.get("straddle.batch.pause")).isNull();
    assertThat(duration(shown, "straddle.registry.heartbeat"))
        .isEqualTo(StraddleConfiguration.DEFAULT_HEARTBEAT_EVERY);
    assertThat(duration(shown, "straddle.registry.expiry"))
        .isEqualTo(StraddleConfiguration.DEFAULT_EXPIRE_AFTER);
    // The rest the processor reads from the properties class itself.
    assertThat(shown.get("straddle.run-at-start").asText()).isEqualTo("none");
    assertThat(shown.get("straddle.startup-guard").asText()).isEqualTo("fail");
    assertThat(shown.get("straddle.writer-head").asText()).isEqualTo("transaction");
  }

  private static java.time.Duration duration(Map<String, JsonNode> shown, String name) {
    JsonNode value = shown.get(name);
    assertThat(value).as(name + " shows a default").isNotNull();
    return DurationStyle.detectAndParse(value.asText());
  }
}
