package dev.straddle.spring.boot.autoconfigure;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link StraddleStartup} initialises the database (registered in {@code
 * META-INF/spring.factories}): beans that depend on database initialisation (JdbcTemplate,
 * NamedParameterJdbcTemplate, JPA's EntityManagerFactory, beans annotated
 * {@code @DependsOnDatabaseInitialization}) are created after it, so after the migrations it runs
 * at start, the registration and the startup guard.
 */
public class StraddleDatabaseInitializerDetector
    extends AbstractBeansOfTypeDatabaseInitializerDetector implements DatabaseInitializerDetector {

  @Override
  protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
    return Set.of(StraddleStartup.class);
  }
}
