package dev.straddle.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition instead of sleeping a fixed time; the bound is generous. */
final class Await {

  private Await() {}

  interface Check {
    boolean holds() throws Exception;
  }

  static void until(String what, Duration atMost, Check check) throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        fail("still not true after " + atMost + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  static void until(String what, BooleanSupplier check) throws Exception {
    until(what, Duration.ofSeconds(30), check::getAsBoolean);
  }
}
