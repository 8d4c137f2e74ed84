package dev.straddle.runtime;

import dev.straddle.runtime.internal.Registry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registered application instance (see {@link InstanceRegistry}). A daemon thread heartbeats
 * until {@link #close()}, which stops it and deletes the instance's row. Heartbeat failures are
 * logged and retried at the next interval; they never reach the application.
 *
 * <p>The startup guard is reached through a registration ({@link #checkStartup()}, {@link
 * #startupGuard()}): registered first, a contract committing later sees the instance; committed
 * earlier, the guard sees the contract.
 */
public final class Registration implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

  /** Expired rows older than this past their expiry are deleted at registration. */
  private static final long PRUNE_GRACE_MILLIS = 3_600_000;

  private final StraddleConfiguration configuration;
  private final DataSource dataSource;
  private final Registry registry;
  private final Instance instance;
  private final long expiryMillis;
  private final ScheduledExecutorService heartbeat;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong beats = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean failing;
  private Thread hook;

  private Registration(
      StraddleConfiguration configuration,
      Registry registry,
      Instance instance,
      long expiryMillis) {
    this.configuration = configuration;
    this.dataSource = configuration.dataSource();
    this.registry = registry;
    this.instance = instance;
    this.expiryMillis = expiryMillis;
    String name = "straddle-heartbeat-" + instance.id().toString().substring(0, 8);
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
  }

  static Registration start(StraddleConfiguration options) {
    Instance instance =
        new Instance(
            UUID.randomUUID(),
            options.plan().head(),
            options.host(),
            ProcessHandle.current().pid(),
            options.application(),
            Instant.now(),
            null,
            true);
    Registration registration =
        new Registration(
            options,
            new Registry(options.historySchema()),
            instance,
            options.expireAfter().toMillis());
    registration.firstBeat();
    long every = options.heartbeatEvery().toMillis();
    registration.heartbeat.scheduleWithFixedDelay(
        registration::beat, every, every, TimeUnit.MILLISECONDS);
    if (options.shutdownHook()) {
      registration.hook = new Thread(registration::deregister, "straddle-deregister");
      Runtime.getRuntime().addShutdownHook(registration.hook);
    }
    LOG.info(
        "registered {} in {} (heartbeat every {} ms, expiry {} ms)",
        instance.describe(),
        registration.registry.table(),
        every,
        registration.expiryMillis);
    return registration;
  }

  /** The instance's id (its row's primary key). */
  public UUID id() {
    return instance.id();
  }

  /** The head it registered with. */
  public int head() {
    return instance.head();
  }

  /**
   * The startup guard of this registration's configuration and build, mode FAIL ({@link
   * StartupGuard#mode} for another).
   */
  public StartupGuard startupGuard() {
    return new StartupGuard(configuration, StartupGuard.Mode.FAIL, () -> {});
  }

  /**
   * Runs the startup guard, mode FAIL: throws {@link StraddleException} (REFUSED) unless the
   * database is inside this build's compatibility window.
   */
  public StartupGuard.Result checkStartup() {
    return startupGuard().check();
  }

  /** Runs the startup guard in {@code mode}. */
  public StartupGuard.Result checkStartup(StartupGuard.Mode mode) {
    return startupGuard().mode(mode).check();
  }

  /** Heartbeats that reached the database, the first included. */
  public long heartbeats() {
    return beats.get();
  }

  /** Heartbeats that failed (each logged). */
  public long failedHeartbeats() {
    return failures.get();
  }

  private void firstBeat() {
    try (Connection connection = dataSource.getConnection()) {
      registry.create(connection);
      try {
        registry.prune(connection, PRUNE_GRACE_MILLIS);
      } catch (SQLException e) {
        LOG.debug("could not prune expired instances", e);
      }
      registry.beat(connection, instance, expiryMillis);
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      beats.incrementAndGet();
    } catch (SQLException | RuntimeException e) {
      failures.incrementAndGet();
      failing = true;
      LOG.warn(
          "could not register {} in {} (retrying every heartbeat): {}",
          instance.describe(),
          registry.table(),
          e.toString());
    }
  }

  private void beat() {
    if (closed.get()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      try {
        registry.beat(connection, instance, expiryMillis);
      } catch (SQLException e) {
        // Table or schema dropped: create it again and retry once.
        if (!"42P01".equals(e.getSQLState()) && !"3F000".equals(e.getSQLState())) {
          throw e;
        }
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
        registry.create(connection);
        registry.beat(connection, instance, expiryMillis);
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      beats.incrementAndGet();
      if (failing) {
        failing = false;
        LOG.info("heartbeat of instance {} recovered", instance.id());
      }
    } catch (Throwable e) {
      failures.incrementAndGet();
      if (!failing) {
        LOG.warn(
            "heartbeat of instance {} failed (retrying every interval): {}",
            instance.id(),
            e.toString());
      } else {
        LOG.debug("heartbeat of instance {} failed again", instance.id(), e);
      }
      failing = true;
    }
  }

  /**
   * For tests: stops the heartbeat without deregistering, as a killed process would (its row stays
   * until it expires).
   */
  void simulateCrash() {
    closed.set(true);
    heartbeat.shutdownNow();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
    }
  }

  /** Stops the heartbeat and deletes the instance's row (best effort; idempotent). */
  @Override
  public void close() {
    deregister();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs (and finds it closed)
      }
    }
  }

  private void deregister() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Connection connection = dataSource.getConnection()) {
      registry.delete(connection, instance.id());
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      LOG.info("deregistered instance {}", instance.id());
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "could not deregister instance {} (it expires {} ms after its last heartbeat): {}",
          instance.id(),
          expiryMillis,
          e.toString());
    }
  }
}
