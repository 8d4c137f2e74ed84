package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.runtime.Registration;
import dev.straddle.runtime.RunResult;
import dev.straddle.runtime.StartupGuard;
import dev.straddle.runtime.Straddle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

/**
 * Straddle's part of the application's start and stop. When the bean is initialised (before every
 * bean that depends on database initialisation: JdbcTemplate, JPA, see {@link
 * StraddleDatabaseInitializerDetector}) it runs what {@code straddle.run-at-start} says, registers
 * the instance (unless {@code straddle.registry.enabled=false}) and runs the startup guard: outside
 * the compatibility window, in mode FAIL, the guard's {@code StraddleException} fails the context.
 *
 * <p>As a {@link SmartLifecycle} in an early phase (so it stops after the web server and every
 * other lifecycle) it deregisters the instance at stop, and registers it again (and checks again)
 * when the context is started again. The registration is closed at the latest when the bean is
 * destroyed, also after a failed start.
 */
public class StraddleStartup implements InitializingBean, SmartLifecycle, DisposableBean {

  /** Starts before, and stops after, the web server and other lifecycles of default phases. */
  public static final int PHASE = Integer.MIN_VALUE + 1024;

  private static final Logger LOG = LoggerFactory.getLogger(StraddleStartup.class);

  private final Straddle straddle;
  private final StraddleProperties.RunAtStart runAtStart;
  private final StartupGuard.Mode guardMode;
  private final boolean register;
  private volatile RunResult result;
  private volatile Registration registration;
  private volatile boolean running;
  // Registered (or guarded, unregistered) since the last stop.
  private boolean checked;

  public StraddleStartup(
      Straddle straddle,
      StraddleProperties.RunAtStart runAtStart,
      StartupGuard.Mode guardMode,
      boolean register) {
    this.straddle = straddle;
    this.runAtStart = runAtStart;
    this.guardMode = guardMode;
    this.register = register;
  }

  @Override
  public void afterPropertiesSet() {
    result =
        switch (runAtStart) {
          case NONE -> null;
          case EXPAND -> straddle.expand();
          case MIGRATE -> straddle.migrate();
        };
    if (result != null) {
      LOG.info(
          "straddle {} at start (head {}): {}{}",
          result.command(),
          straddle.migrationPlan().head(),
          result.steps().isEmpty() ? "nothing to do" : String.join(", ", result.stepTexts()),
          result.notes().isEmpty() ? "" : "; " + String.join("; ", result.notes()));
    }
    registerAndGuard();
  }

  private synchronized void registerAndGuard() {
    if (checked) {
      return;
    }
    if (register) {
      registration = straddle.start(guardMode);
    } else {
      straddle.unregisteredStartupGuard().mode(guardMode).check();
    }
    checked = true;
  }

  /** What {@code straddle.run-at-start} ran, or {@code null} when nothing. */
  public RunResult runAtStartResult() {
    return result;
  }

  /**
   * This instance's registration, or {@code null} when not registered (stopped, or registry off).
   */
  public Registration registration() {
    return registration;
  }

  @Override
  public void start() {
    registerAndGuard();
    running = true;
  }

  @Override
  public synchronized void stop() {
    running = false;
    deregister();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public void destroy() {
    deregister();
  }

  private synchronized void deregister() {
    checked = false;
    Registration current = registration;
    registration = null;
    if (current != null) {
      current.close();
    }
  }
}
