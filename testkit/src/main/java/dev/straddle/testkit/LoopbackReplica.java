package dev.straddle.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primary and a streaming (physical) standby of it, both embedded (zonky) servers on loopback,
 * for tests and benchmarks of what a backfill does to replicas. zonky's binaries have no {@code
 * pg_basebackup}, so the standby is made from a clean copy: the primary is initialised, given a
 * physical replication slot ({@value #SLOT}, which keeps the WAL the standby has not received yet)
 * and stopped cleanly; its data directory is copied; the copy gets {@code standby.signal}, {@code
 * primary_conninfo} and {@code primary_slot_name} (PostgreSQL 12 and later); then both start, on
 * different ports. The default {@code pg_hba.conf} of {@code initdb -A trust} already admits
 * replication connections from 127.0.0.1.
 *
 * <p>The standby reports its positions every {@code wal_receiver_status_interval} when no WAL
 * arrives; {@link #start(int, Duration)} sets it (PostgreSQL's default is 10 s). Close it when
 * done: both servers stop and their directories are deleted.
 */
public final class LoopbackReplica implements AutoCloseable {

  /** The physical replication slot the standby streams from. */
  public static final String SLOT = "straddle_standby";

  /** The standby's {@code application_name} in {@code pg_stat_replication}. */
  public static final String STANDBY_NAME = "straddle_standby";

  private static final Logger LOG = LoggerFactory.getLogger(LoopbackReplica.class);

  private final Path directory;
  private final EmbeddedPostgres primary;
  private final EmbeddedPostgres standby;
  private final PostgresServer primaryServer;

  private LoopbackReplica(
      Path directory, EmbeddedPostgres primary, EmbeddedPostgres standby, PostgresServer server) {
    this.directory = directory;
    this.primary = primary;
    this.standby = standby;
    this.primaryServer = server;
  }

  /**
   * Starts a primary of PostgreSQL {@code major} ({@link TestPostgres#DEFAULT_MAJOR}: the binaries
   * on the classpath) and a standby streaming from it, which reports its positions at least every
   * {@code statusInterval} (whole seconds, at least 1).
   */
  public static LoopbackReplica start(int major, Duration statusInterval) {
    Path directory;
    try {
      directory = Files.createTempDirectory("straddle-replica");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the replica's directory", e);
    }
    Path primaryData = directory.resolve("primary");
    Path standbyData = directory.resolve("standby");
    EmbeddedPostgres primary = null;
    EmbeddedPostgres standby = null;
    try {
      // 1. The primary, initialised, with the slot, stopped cleanly (a shutdown checkpoint).
      EmbeddedPostgres first = builder(major, primaryData, 0).start();
      int port = first.getPort();
      try (Connection c = first.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
      } finally {
        first.close();
      }
      // 2. The copy, made a standby of it.
      copy(primaryData, standbyData);
      long seconds = Math.max(1, statusInterval.toSeconds());
      Files.writeString(
          standbyData.resolve("postgresql.auto.conf"),
          "\nprimary_conninfo = 'host=127.0.0.1 port="
              + port
              + " user=postgres application_name="
              + STANDBY_NAME
              + "'\nprimary_slot_name = '"
              + SLOT
              + "'\nhot_standby = on\nwal_receiver_status_interval = '"
              + seconds
              + "s'\n",
          StandardOpenOption.APPEND);
      Files.createFile(standbyData.resolve("standby.signal"));
      // 3. Both started: the primary on its port again (the standby's conninfo names it).
      primary = builder(major, primaryData, port).start();
      standby = builder(major, standbyData, 0).start();
      PostgresServer server =
          new PostgresServer(
              "embedded (zonky) primary on port "
                  + primary.getPort()
                  + " with a streaming standby on port "
                  + standby.getPort(),
              primary.getJdbcUrl("postgres", "postgres"),
              "postgres",
              "");
      if (major != TestPostgres.DEFAULT_MAJOR && server.major() != major) {
        throw new IllegalStateException(
            "PostgreSQL " + major + " asked for, the binaries found run " + server.major());
      }
      LoopbackReplica replica = new LoopbackReplica(directory, primary, standby, server);
      replica.awaitStreaming();
      LOG.info("Test PostgreSQL: {}", server.description());
      return replica;
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(standby);
      closeQuietly(primary);
      deleteQuietly(directory);
      throw new IllegalStateException("cannot start a primary with a streaming standby: " + e, e);
    }
  }

  private static EmbeddedPostgres.Builder builder(int major, Path data, int port) {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            // Kept: the standby is a copy of it, and close() deletes both.
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("wal_level", "replica")
            .setServerConfig("max_wal_senders", "10")
            .setServerConfig("max_replication_slots", "10");
    if (port != 0) {
      builder.setPort(port);
    }
    if (major != TestPostgres.DEFAULT_MAJOR) {
      try {
        builder.setPgBinaryResolver(TestPostgres.binariesOf(major));
      } catch (IllegalStateException notCopied) {
        // The major on the classpath is not copied: the default binaries, checked after start.
        LOG.debug("no copied binaries of PostgreSQL {}: using the classpath's", major);
      }
    }
    return builder;
  }

  /** The files a running or stopped server keeps that a standby must not start with. */
  private static final Set<String> NOT_COPIED =
      Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

  private static void copy(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Path target = to.resolve(from.relativize(dir).toString());
            Files.createDirectories(target);
            // PostgreSQL refuses a data directory others may read (0700 or 0750).
            Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(dir));
            // The slot is the primary's; the standby has none of its own.
            if (from.relativize(dir).toString().equals("pg_replslot")) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!NOT_COPIED.contains(file.getFileName().toString())) {
              Files.copy(
                  file,
                  to.resolve(from.relativize(file).toString()),
                  StandardCopyOption.COPY_ATTRIBUTES);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** The primary's version. */
  public int major() {
    return primaryServer.major();
  }

  /** A fresh, empty database on the primary (and so, once replayed, on the standby). */
  public TestDatabase newDatabase(String hint) {
    try {
      return primaryServer.newDatabase(hint);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
    }
  }

  /** A connection to {@code database} on the standby (read-only). */
  public Connection connectStandby(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    properties.setProperty("password", "");
    return DriverManager.getConnection(standby.getJdbcUrl("postgres", database), properties);
  }

  /** A connection to the standby's {@code postgres} database. */
  public Connection connectStandby() throws SQLException {
    return connectStandby("postgres");
  }

  /** A connection to the primary's {@code postgres} database. */
  public Connection connectPrimary() throws SQLException {
    return primary.getPostgresDatabase().getConnection();
  }

  /** Pauses the standby's replay ({@code pg_wal_replay_pause()}); it still receives the WAL. */
  public void pauseReplay() throws SQLException {
    try (Connection c = connectStandby();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_wal_replay_pause()");
    }
  }

  /** Resumes the standby's replay ({@code pg_wal_replay_resume()}). */
  public void resumeReplay() throws SQLException {
    try (Connection c = connectStandby();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_wal_replay_resume()");
    }
  }

  /**
   * Bytes of WAL the primary wrote that the standby has not replayed yet, as the standby sees it
   * (its own replay position against the primary's insert position, which counts commits made with
   * {@code synchronous_commit = off}, the embedded servers' default, before they are written):
   * unlike {@code pg_stat_replication}, not only as of the standby's last report.
   */
  public long bytesNotReplayed() throws SQLException {
    String current;
    try (Connection c = connectPrimary();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
      rs.next();
      current = rs.getString(1);
    }
    try (Connection c = connectStandby();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_wal_lsn_diff('" + current + "', pg_last_wal_replay_lsn())::bigint")) {
      rs.next();
      return Math.max(0, rs.getLong(1));
    }
  }

  /** Waits until the standby has replayed everything the primary had written when called. */
  public void awaitReplayed(Duration atMost) throws SQLException, InterruptedException {
    long end = System.nanoTime() + atMost.toNanos();
    while (bytesNotReplayed() > 0) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("the standby did not catch up within " + atMost);
      }
      Thread.sleep(20);
    }
  }

  /** Waits until the primary's {@code pg_stat_replication} shows the standby streaming. */
  private void awaitStreaming() throws SQLException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try (Connection c = connectPrimary();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
                      + " AND application_name = '"
                      + STANDBY_NAME
                      + "'")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException("the standby did not start streaming within 60 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the standby", e);
      }
    }
  }

  /** Stops both servers and deletes their directories. */
  @Override
  public void close() {
    closeQuietly(standby);
    closeQuietly(primary);
    deleteQuietly(directory);
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.debug("closing an embedded PostgreSQL", e);
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("deleting {}", directory, e);
    }
  }
}
