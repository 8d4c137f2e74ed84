package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.runtime.StraddleException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Spring Boot's start-failure report for a {@link StraddleException} (a refusing startup guard, a
 * failed migration at start): Straddle's message, which names what is wrong and the fix, instead of
 * the bean-creation chain.
 */
public class StraddleFailureAnalyzer extends AbstractFailureAnalyzer<StraddleException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, StraddleException cause) {
    return new FailureAnalysis(
        "Straddle stopped the start: " + cause.getMessage(),
        "Do what the message says (run the deploy step it names, or deploy the build it names);"
            + " straddle.startup-guard=WARN starts anyway outside the window.",
        cause);
  }
}
