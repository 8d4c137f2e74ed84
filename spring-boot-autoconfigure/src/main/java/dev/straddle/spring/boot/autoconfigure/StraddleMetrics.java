package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.runtime.MigrationState;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Micrometer meters of Straddle's runs, fed by the runtime's {@link StraddleListener}:
 *
 * <ul>
 *   <li>{@value #ROWS} (counter; tags migration, table): rows the backfill rewrote;
 *   <li>{@value #BATCHES} (timer; tags migration, table): backfill batches and the time each took;
 *   <li>{@value #RATE} (gauge, rows/s; tags migration, table): the rate of the last batch;
 *   <li>{@value #LOCK_RETRIES} (counter; tags migration, phase): statements that hit the lock
 *       timeout and were retried;
 *   <li>{@value #IN_FLIGHT} (gauge): migrations expanded and not contracted, read from the
 *       database's status when the gauge is read (NaN when it cannot be read).
 * </ul>
 *
 * What happens before Spring Boot binds the meters (a run at start) is kept and shows once bound.
 */
public class StraddleMetrics implements StraddleListener, MeterBinder {

  public static final String ROWS = "straddle.backfill.rows";
  public static final String BATCHES = "straddle.backfill.batches";
  public static final String RATE = "straddle.backfill.rate";
  public static final String LOCK_RETRIES = "straddle.lock.retries";
  public static final String IN_FLIGHT = "straddle.migrations.in.flight";

  private final ObjectProvider<Straddle> straddle;
  private final Map<List<Object>, Backfill> backfills = new ConcurrentHashMap<>();
  private final Map<List<Object>, AtomicLong> retries = new ConcurrentHashMap<>();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  public StraddleMetrics(ObjectProvider<Straddle> straddle) {
    this.straddle = straddle;
  }

  private static final class Backfill {
    final Tags tags;
    final AtomicLong rows = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();
    volatile double rate;

    Backfill(Tags tags) {
      this.tags = tags;
    }

    void register(MeterRegistry registry) {
      FunctionCounter.builder(ROWS, rows, AtomicLong::doubleValue)
          .tags(tags)
          .baseUnit("rows")
          .description("Rows the backfill rewrote")
          .register(registry);
      FunctionTimer.builder(
              BATCHES, this, b -> b.batches.get(), b -> b.nanos.get(), TimeUnit.NANOSECONDS)
          .tags(tags)
          .description(
              "Backfill batches and the time each took (its transaction, retries included)")
          .register(registry);
      Gauge.builder(RATE, this, b -> b.rate)
          .tags(tags)
          .baseUnit("rows/s")
          .description("Rows per second of the last backfill batch")
          .register(registry);
    }
  }

  @Override
  public void batchDone(
      int migrationId, String table, long batchRows, long rowsDone, Duration took) {
    Backfill backfill =
        known(
            backfills,
            List.of(migrationId, table),
            () -> new Backfill(Tags.of("migration", Integer.toString(migrationId), "table", table)),
            b -> registries.forEach(b::register));
    backfill.rows.addAndGet(batchRows);
    backfill.batches.incrementAndGet();
    backfill.nanos.addAndGet(took.toNanos());
    backfill.rate = took.isZero() ? 0 : batchRows * 1e9 / took.toNanos();
  }

  @Override
  public void lockRetry(
      int migrationId, String phase, String statement, int attempt, long delayMillis) {
    Tags tags = Tags.of("migration", Integer.toString(migrationId), "phase", phase);
    known(
            retries,
            List.of(migrationId, phase),
            AtomicLong::new,
            count -> registries.forEach(r -> registerRetries(r, tags, count)))
        .incrementAndGet();
  }

  private static void registerRetries(MeterRegistry registry, Tags tags, AtomicLong count) {
    FunctionCounter.builder(LOCK_RETRIES, count, AtomicLong::doubleValue)
        .tags(tags)
        .description("Statements that hit the lock timeout and were retried")
        .register(registry);
  }

  private interface Create<T> {
    T get();
  }

  /** The value of {@code key}, created (and registered with the bound registries) when new. */
  private synchronized <T> T known(
      Map<List<Object>, T> values, List<Object> key, Create<T> create, Consumer<T> register) {
    T value = values.get(key);
    if (value == null) {
      value = create.get();
      values.put(key, value);
      register.accept(value);
    }
    return value;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    registries.add(registry);
    backfills.values().forEach(b -> b.register(registry));
    retries.forEach(
        (key, count) ->
            registerRetries(
                registry,
                Tags.of("migration", key.get(0).toString(), "phase", (String) key.get(1)),
                count));
    Gauge.builder(IN_FLIGHT, this, StraddleMetrics::inFlight)
        .description("Migrations expanded and not contracted (read from the database)")
        .register(registry);
  }

  private double inFlight() {
    try {
      Straddle runner = straddle.getIfAvailable();
      if (runner == null) {
        return Double.NaN;
      }
      return runner.status().migrations().stream().filter(StraddleMetrics::inFlight).count();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private static boolean inFlight(MigrationState m) {
    return m.phase() == Phase.EXPANDED || m.phase() == Phase.BACKFILLED;
  }
}
