package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.FluentConfiguration;
import dev.straddle.runtime.Straddle;
import dev.straddle.runtime.StraddleListener;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Straddle for a Spring Boot application with one DataSource (README, "Integrations → Spring
 * Boot"): the {@link MigrationPlan} ({@code straddle.plan-class}, or the application's bean), the
 * {@link Straddle} runner of the one configuration built from {@code straddle.*}, the DataSource
 * wrapper ({@link StraddleDataSourceWrapper}), and {@link StraddleStartup}: migrations at start,
 * registration and startup guard, ordered before JdbcTemplate and JPA.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Straddle.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = "straddle", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(StraddleProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class StraddleAutoConfiguration implements BeanClassLoaderAware {

  private ClassLoader classLoader = StraddleAutoConfiguration.class.getClassLoader();

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Bean
  static StraddleDataSourceWrapper straddleDataSourceWrapper(
      ObjectProvider<MigrationPlan> plan, ObjectProvider<StraddleProperties> properties) {
    return new StraddleDataSourceWrapper(plan, properties);
  }

  /** The plan named by {@code straddle.plan-class} (the class the processor generated). */
  @Bean
  @ConditionalOnMissingBean
  MigrationPlan straddleMigrationPlan(StraddleProperties properties) {
    String name = properties.getPlanClass();
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(
          "Straddle has no plan: set straddle.plan-class to the plan class the processor"
              + " generates (its option -Astraddle.planClass), define a MigrationPlan bean, or"
              + " set straddle.enabled=false");
    }
    Object plan;
    try {
      plan = ClassUtils.forName(name.trim(), classLoader).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(
          "straddle.plan-class=" + name + ": cannot create the plan (" + e + ")", e);
    }
    if (!(plan instanceof MigrationPlan migrationPlan)) {
      throw new IllegalStateException(
          "straddle.plan-class=" + name + " is not a " + MigrationPlan.class.getName());
    }
    return migrationPlan;
  }

  /**
   * The runner, with the configuration built from {@code straddle.*} (validated by the runtime's
   * builder) on the pool itself, not the wrapper: the runner says its own head.
   */
  @Bean
  @ConditionalOnMissingBean
  Straddle straddle(
      MigrationPlan plan,
      DataSource dataSource,
      StraddleDataSourceWrapper wrapper,
      StraddleProperties properties,
      ObjectProvider<StraddleListener> listeners,
      Environment environment) {
    FluentConfiguration configuration =
        Straddle.configure(plan)
            .dataSource(wrapper.unwrapped(dataSource))
            .historySchema(properties.getHistorySchema())
            .lockTimeout(properties.getLockTimeout())
            .retryBudget(properties.getRetryBudget())
            .runLockWait(properties.getRunLockWait())
            .progressEvery(properties.getProgressEvery())
            .backfillWorkers(properties.getBackfillWorkers())
            .maxReplicaLag(properties.getMaxReplicaLag())
            .batchRows(properties.getBatch().getMinRows(), properties.getBatch().getMaxRows())
            .heartbeatEvery(properties.getRegistry().getHeartbeat())
            .expireAfter(properties.getRegistry().getExpiry())
            // The context deregisters at stop (StraddleStartup), after the web server stopped:
            // a JVM hook of its own would deregister while requests are still served.
            .shutdownHook(false);
    // Set, either one fixes the backfill's pace; unset, it paces itself (adaptive).
    if (properties.getBatch().getTarget() != null) {
      configuration.batchTarget(properties.getBatch().getTarget());
    }
    if (properties.getBatch().getPause() != null) {
      configuration.batchPause(properties.getBatch().getPause());
    }
    String application = properties.getRegistry().getApplication();
    if (application == null) {
      application = environment.getProperty("spring.application.name");
    }
    if (application != null) {
      configuration.application(application);
    }
    List<StraddleListener> all = listeners.orderedStream().toList();
    if (!all.isEmpty()) {
      configuration.listener(all.size() == 1 ? all.get(0) : new CompositeStraddleListener(all));
    }
    return configuration.load();
  }

  @Bean
  @ConditionalOnMissingBean
  StraddleStartup straddleStartup(Straddle straddle, StraddleProperties properties) {
    return new StraddleStartup(
        straddle,
        properties.getRunAtStart(),
        properties.getStartupGuard(),
        properties.getRegistry().isEnabled());
  }

  /** Micrometer meters of the runs (when Micrometer is on the class path). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class Metrics {

    @Bean
    @ConditionalOnMissingBean
    StraddleMetrics straddleMetrics(ObjectProvider<Straddle> straddle) {
      return new StraddleMetrics(straddle);
    }
  }
}
