package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.runtime.Straddle;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot's actuator: the health contributor {@code straddle} ({@link
 * StraddleHealthIndicator}; {@code management.health.straddle.enabled=false} turns it off) and the
 * endpoint {@code straddle} ({@link StraddleEndpoint}; exposed like any endpoint, e.g. {@code
 * management.endpoints.web.exposure.include=health,straddle}).
 */
@AutoConfiguration(after = StraddleAutoConfiguration.class)
@ConditionalOnClass({Straddle.class, Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(Straddle.class)
public class StraddleActuatorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "straddleHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("straddle")
  StraddleHealthIndicator straddleHealthIndicator(Straddle straddle) {
    return new StraddleHealthIndicator(straddle);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  StraddleEndpoint straddleEndpoint(Straddle straddle) {
    return new StraddleEndpoint(straddle);
  }
}
