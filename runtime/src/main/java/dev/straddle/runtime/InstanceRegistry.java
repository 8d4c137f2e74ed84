package dev.straddle.runtime;

import dev.straddle.runtime.internal.Registry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The instance registry of one {@link StraddleConfiguration} ({@link Straddle#instanceRegistry()}):
 * registers a running application in {@code straddle_instances}, beside the history table, so that
 * {@code contract} and {@code migrate} know which heads are still running (docs/ARCHITECTURE.md,
 * "Concepts": who is still running). Its schema, heartbeat interval and expiry are the
 * configuration's, so the registry, the runner and the startup guard cannot look in different
 * schemas.
 *
 * <pre>{@code
 * Registration registration = straddle.instanceRegistry().register();
 * registration.checkStartup();   // the startup guard, reached through the registration
 * // ... the application runs; a daemon thread heartbeats ...
 * registration.close(); // or let the shutdown hook do it
 * }</pre>
 *
 * <p>({@link Straddle#start()} does both in that order.) The first heartbeat (which creates the
 * table if missing) runs in {@code register}; when it fails, the failure is logged and the
 * heartbeat thread keeps trying: registering never stops the application. Each heartbeat is one
 * short upsert on a connection borrowed from the DataSource.
 */
public final class InstanceRegistry {

  /** The table's name, in the history schema. */
  public static final String TABLE = Registry.TABLE;

  private final StraddleConfiguration configuration;
  private final Runnable beforeRegister;

  InstanceRegistry(StraddleConfiguration configuration, Runnable beforeRegister) {
    this.configuration = configuration;
    this.beforeRegister = beforeRegister;
  }

  /**
   * Registers this build (its plan's head) with the configuration's options and starts the
   * heartbeat. Only a configuration mistake throws (registering after an unregistered startup guard
   * on the same {@link Straddle}: {@link IllegalStateException}); database failures are logged and
   * retried.
   */
  public Registration register() {
    beforeRegister.run();
    return Registration.start(configuration);
  }

  /** The live instances registered in the configuration's schema (none when nothing registered). */
  public List<Instance> live() {
    try (Connection connection = configuration.dataSource().getConnection()) {
      return new Registry(configuration.historySchema()).live(connection);
    } catch (SQLException e) {
      throw StraddleException.causedBy(
          e, ErrorCode.DATABASE_ERROR, "cannot read the registered instances", e.getMessage());
    }
  }
}
