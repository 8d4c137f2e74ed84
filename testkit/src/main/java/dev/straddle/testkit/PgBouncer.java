package dev.straddle.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PgBouncer in front of one test database, started by the test and stopped by {@link
 * #close()}: its configuration in a temporary folder, a free port on 127.0.0.1, clients let in
 * without a password (PgBouncer logs in to PostgreSQL with the database's credentials), a pool of a
 * given mode and size.
 *
 * <p>The binary is the one named by {@value #BINARY_VARIABLE}, else {@code pgbouncer} on the {@code
 * PATH} (or in {@code /usr/sbin}, where the Debian package puts it). {@link #assumeAvailable()}
 * skips a test with a message saying how to get one; CI installs it ({@code .ci/run}).
 *
 * <pre>{@code
 * try (PgBouncer bouncer = PgBouncer.start(db, PgBouncer.PoolMode.TRANSACTION, 2)) {
 *   DataSource pooled = bouncer.dataSource();
 * }
 * }</pre>
 */
public final class PgBouncer implements AutoCloseable {

  /** Names the {@code pgbouncer} binary when it is not on the {@code PATH}. */
  public static final String BINARY_VARIABLE = "STRADDLE_TEST_PGBOUNCER";

  /** PgBouncer's {@code pool_mode}. */
  public enum PoolMode {
    SESSION,
    TRANSACTION,
    STATEMENT;

    String config() {
      return name().toLowerCase();
    }
  }

  private static final Pattern URL =
      Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+).*");

  private final Process process;
  private final Path folder;
  private final TestDatabase database;
  private final int port;
  private final PoolMode mode;

  private PgBouncer(Process process, Path folder, TestDatabase database, int port, PoolMode mode) {
    this.process = process;
    this.folder = folder;
    this.database = database;
    this.port = port;
    this.mode = mode;
  }

  /** The binary, if there is one. */
  public static Optional<Path> binary() {
    String named = System.getenv(BINARY_VARIABLE);
    if (named != null && !named.isBlank()) {
      Path path = Paths.get(named);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.add("/usr/sbin");
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Paths.get(d, "pgbouncer"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Skips the calling test, saying how to get a binary, when there is none. */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(
        binary().isPresent(),
        () ->
            "skipped: no PgBouncer binary. Install one (Debian/Ubuntu: apt-get install -y"
                + " pgbouncer) or name it with "
                + BINARY_VARIABLE
                + "="
                + Optional.ofNullable(System.getenv(BINARY_VARIABLE)).orElse("/path/to/pgbouncer")
                + "; CI (.ci/run) installs it");
  }

  /**
   * Starts a PgBouncer for {@code database} with {@code serverConnections} server connections at
   * most, in {@code mode}; {@code extraSettings} are more {@code [pgbouncer]} lines ({@code key =
   * value}). Skips the test when there is no binary.
   */
  public static PgBouncer start(
      TestDatabase database, PoolMode mode, int serverConnections, String... extraSettings) {
    assumeAvailable();
    Matcher url = URL.matcher(database.jdbcUrl());
    if (!url.matches()) {
      throw new IllegalArgumentException("cannot read host and port of " + database.jdbcUrl());
    }
    String host = url.group(1).equals("localhost") ? "127.0.0.1" : url.group(1);
    String serverPort = url.group(2) == null ? "5432" : url.group(2);
    try {
      Path folder = Files.createTempDirectory("straddle-pgbouncer-");
      int port = freePort();
      List<String> config = new ArrayList<>();
      config.add("[databases]");
      config.add(
          database.name()
              + " = host="
              + host
              + " port="
              + serverPort
              + " dbname="
              + database.name()
              + " pool_size="
              + serverConnections);
      config.add("[pgbouncer]");
      config.add("listen_addr = 127.0.0.1");
      config.add("listen_port = " + port);
      config.add("unix_socket_dir =");
      config.add("auth_type = trust");
      config.add("auth_file = " + folder.resolve("users.txt"));
      config.add("pool_mode = " + mode.config());
      config.add("default_pool_size = " + serverConnections);
      config.add("max_client_conn = 500");
      config.add("logfile = " + folder.resolve("pgbouncer.log"));
      config.add("pidfile =");
      // The PostgreSQL driver sends extra_float_digits at start; PgBouncer refuses what it does
      // not know unless told to ignore it (the usual setting for JDBC clients).
      if (List.of(extraSettings).stream()
          .noneMatch(s -> s.startsWith("ignore_startup_parameters"))) {
        config.add("ignore_startup_parameters = extra_float_digits");
      }
      config.addAll(List.of(extraSettings));
      if ("root".equals(System.getProperty("user.name"))) {
        config.add("user = nobody"); // PgBouncer refuses to run as root
      }
      Files.write(
          folder.resolve("users.txt"),
          List.of(quote(database.user()) + " " + quote(database.password())),
          StandardCharsets.UTF_8);
      Files.write(folder.resolve("pgbouncer.ini"), config, StandardCharsets.UTF_8);
      openToAll(folder);
      Process process =
          new ProcessBuilder(
                  binary().orElseThrow().toString(), folder.resolve("pgbouncer.ini").toString())
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("stdout.txt").toFile())
              .start();
      PgBouncer bouncer = new PgBouncer(process, folder, database, port, mode);
      bouncer.awaitListening();
      return bouncer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PgBouncer", e);
    }
  }

  private static String quote(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }

  /** PgBouncer started as root runs as {@code nobody}: it must read and write its folder. */
  private static void openToAll(Path folder) throws IOException {
    folder.toFile().setReadable(true, false);
    folder.toFile().setWritable(true, false);
    folder.toFile().setExecutable(true, false);
    try (Stream<Path> files = Files.list(folder)) {
      files.forEach(f -> f.toFile().setReadable(true, false));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("PgBouncer exited at start:\n" + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    close();
    throw new IllegalStateException("PgBouncer did not listen on port " + port + ":\n" + log());
  }

  public PoolMode mode() {
    return mode;
  }

  public int port() {
    return port;
  }

  /**
   * The JDBC URL of the database through PgBouncer. {@code prepareThreshold=0}: the driver's
   * server-side prepared statements belong to one server session, which transaction and statement
   * pooling do not keep for a client (PgBouncer 1.21 and later can track them).
   */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database.name() + "?prepareThreshold=0";
  }

  /** A new client connection through PgBouncer, autocommit on. */
  public Connection connect() throws SQLException {
    return connect(jdbcUrl());
  }

  /** A new client connection through PgBouncer to {@code url} (one built on {@link #jdbcUrl()}). */
  public Connection connect(String url) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", database.user());
    properties.setProperty("password", database.password());
    return DriverManager.getConnection(url, properties);
  }

  /** A plain (unpooled) DataSource through PgBouncer. */
  public DataSource dataSource() {
    return dataSource(jdbcUrl());
  }

  /** A plain DataSource through PgBouncer to {@code url} (one built on {@link #jdbcUrl()}). */
  public DataSource dataSource(String url) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url);
    dataSource.setUser(database.user());
    dataSource.setPassword(database.password());
    return dataSource;
  }

  /** PgBouncer's log so far. */
  public String log() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("pgbouncer.log", "stdout.txt")) {
      try {
        text.append(Files.readString(folder.resolve(name), StandardCharsets.UTF_8));
      } catch (IOException missing) {
        // not written (yet)
      }
    }
    return text.toString();
  }

  /** Stops PgBouncer and deletes its folder. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }
}
