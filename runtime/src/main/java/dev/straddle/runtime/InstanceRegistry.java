package dev.straddle.runtime;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.sql.Identifiers;
import dev.straddle.runtime.internal.Registry;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Registers a running application in {@code straddle_instances}, beside the history table, so that
 * {@code contract} and {@code migrate} know which heads are still running (docs/ARCHITECTURE.md,
 * "Concepts": who is still running).
 *
 * <pre>{@code
 * Registration registration =
 *     InstanceRegistry.register(dataSource, StraddlePlan.HEAD, InstanceRegistry.options());
 * // ... the application runs; a daemon thread heartbeats ...
 * registration.close(); // or let the shutdown hook do it
 * }</pre>
 *
 * <p>The first heartbeat (which creates the table if missing) runs in {@code register}; when it
 * fails, the failure is logged and the heartbeat thread keeps trying: registering never stops the
 * application. Each heartbeat is one short upsert on a connection borrowed from the DataSource.
 */
public final class InstanceRegistry {

  /** The table's name, in the history schema. */
  public static final String TABLE = Registry.TABLE;

  private InstanceRegistry() {}

  /** Default options: history schema {@code straddle}, heartbeat every 10 s, expiry 60 s. */
  public static Options options() {
    return new Options();
  }

  /** Registers code with {@code plan}'s head, with default options. */
  public static Registration register(DataSource dataSource, MigrationPlan plan) {
    return register(dataSource, plan.head(), options());
  }

  /** Registers code with {@code head}. */
  public static Registration register(DataSource dataSource, int head, Options options) {
    return Registration.start(Objects.requireNonNull(dataSource), head, options.copy());
  }

  /** The live instances registered in {@code historySchema} (none when nothing registered). */
  public static List<Instance> live(DataSource dataSource, String historySchema) {
    try (Connection connection = dataSource.getConnection()) {
      return new Registry(historySchema).live(connection);
    } catch (SQLException e) {
      throw new StraddleException(
          StraddleException.Kind.FAILED, e.getMessage(), null, null, null, e);
    }
  }

  /** How an instance registers; every option has a default. */
  public static final class Options {
    private String historySchema = Straddle.DEFAULT_SCHEMA;
    private Duration heartbeatEvery = Duration.ofSeconds(10);
    private Duration expireAfter = Duration.ofSeconds(60);
    private String application = System.getProperty("straddle.application");
    private String host;
    private boolean shutdownHook = true;

    private Options() {}

    /** Schema of the history (and of the instances table); default {@code straddle}. */
    public Options historySchema(String schema) {
      String problem = Identifiers.problem(schema);
      if (problem != null) {
        throw new IllegalArgumentException("history schema '" + schema + "': " + problem);
      }
      this.historySchema = schema;
      return this;
    }

    /** Interval between heartbeats (default 10 s). */
    public Options heartbeatEvery(Duration every) {
      if (every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("heartbeat interval must be positive: " + every);
      }
      this.heartbeatEvery = every;
      return this;
    }

    /**
     * How long after its last heartbeat the instance counts as gone (default 60 s). Stored with the
     * instance, so every runner judges it by the instance's own setting. Must exceed the heartbeat
     * interval; several intervals is wise.
     */
    public Options expireAfter(Duration expiry) {
      if (expiry.isNegative() || expiry.isZero()) {
        throw new IllegalArgumentException("expiry must be positive: " + expiry);
      }
      this.expireAfter = expiry;
      return this;
    }

    /**
     * The application name shown in status and refusals (default: system property {@code
     * straddle.application}).
     */
    public Options application(String application) {
      this.application = application;
      return this;
    }

    /** The host name shown in status and refusals (default: the local host name). */
    public Options host(String host) {
      this.host = host;
      return this;
    }

    /** Whether a JVM shutdown hook deregisters (default true). */
    public Options shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    String historySchema() {
      return historySchema;
    }

    Duration heartbeatEvery() {
      return heartbeatEvery;
    }

    Duration expireAfter() {
      return expireAfter;
    }

    String application() {
      return application;
    }

    String host() {
      if (host != null) {
        return host;
      }
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        return "unknown";
      }
    }

    boolean shutdownHook() {
      return shutdownHook;
    }

    Options copy() {
      if (expireAfter.compareTo(heartbeatEvery) <= 0) {
        throw new IllegalArgumentException(
            "expiry " + expireAfter + " must exceed the heartbeat interval " + heartbeatEvery);
      }
      Options copy = new Options();
      copy.historySchema = historySchema;
      copy.heartbeatEvery = heartbeatEvery;
      copy.expireAfter = expireAfter;
      copy.application = application;
      copy.host = host;
      copy.shutdownHook = shutdownHook;
      return copy;
    }
  }
}
