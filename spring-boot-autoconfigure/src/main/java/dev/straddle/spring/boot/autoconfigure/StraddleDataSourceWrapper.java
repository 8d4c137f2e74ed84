package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.StraddleDataSource;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Wraps the application's DataSource beans in the runtime's {@link StraddleDataSource}, so every
 * connection they hand out says the build's head (docs/ARCHITECTURE.md, "Writer identification").
 * The pool stays what it was, inside: {@code unwrap(HikariDataSource.class)} reaches it (Spring
 * Boot's pool metrics and metadata do that), and Spring still closes it when the context closes
 * (StraddleAutoConfigurationTest checks both). The runner, the registry and the startup guard use
 * the pool itself ({@link #unwrapped}): the runner says its own head per transaction.
 */
public class StraddleDataSourceWrapper implements BeanPostProcessor, Ordered {

  private static final Logger LOG = LoggerFactory.getLogger(StraddleDataSourceWrapper.class);

  private final ObjectProvider<MigrationPlan> plan;
  private final ObjectProvider<StraddleProperties> properties;
  private final Map<DataSource, DataSource> wrapped =
      Collections.synchronizedMap(new IdentityHashMap<>());

  public StraddleDataSourceWrapper(
      ObjectProvider<MigrationPlan> plan, ObjectProvider<StraddleProperties> properties) {
    this.plan = plan;
    this.properties = properties;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataSource dataSource) || bean instanceof StraddleDataSource) {
      return bean;
    }
    StraddleProperties settings = properties.getObject();
    if (!settings.isWrapDataSource()) {
      return bean;
    }
    int head = plan.getObject().head();
    StraddleDataSource wrapper =
        StraddleDataSource.wrap(dataSource, head, settings.getWriterHead());
    wrapped.put(wrapper, dataSource);
    LOG.debug(
        "DataSource '{}' wrapped: its connections say head {} ({})",
        beanName,
        head,
        settings.getWriterHead());
    return wrapper;
  }

  /** The DataSource this wrapper wrapped into {@code dataSource}, else {@code dataSource}. */
  public DataSource unwrapped(DataSource dataSource) {
    return wrapped.getOrDefault(dataSource, dataSource);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
