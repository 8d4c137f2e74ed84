package dev.straddle.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.StraddleException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** Spring Boot's start-failure report shows Straddle's message, not the bean-creation chain. */
class StraddleFailureAnalyzerTest {

  @Test
  void theReportIsStraddlesMessage() {
    StraddleException refusal =
        StraddleException.of(
            ErrorCode.OUTSIDE_WINDOW, 2, "\n  - migration 1 (Add a column) is pending");
    FailureAnalysis analysis =
        new StraddleFailureAnalyzer()
            .analyze(new BeanCreationException("straddleStartup", "init failed", refusal));
    assertThat(analysis.getDescription())
        .startsWith("Straddle stopped the start: ")
        .contains(refusal.getMessage());
    assertThat(analysis.getCause()).isSameAs(refusal);
  }

  @Test
  void springBootFindsIt() {
    // Boot's own analyzers that need a bean factory cannot be made here: skipped.
    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation()
                .load(
                    FailureAnalyzer.class,
                    null,
                    SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> {})))
        .anyMatch(StraddleFailureAnalyzer.class::isInstance);
  }
}
