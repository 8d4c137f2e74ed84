package dev.straddle.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a fresh database of its own: declare a {@link TestDatabase} parameter
 * (constructor, {@code @BeforeAll}, {@code @BeforeEach} or test method) and every one in the class
 * gets the same database. Annotate the class with {@link PostgresMajor} to choose the server's
 * major.
 */
public final class PostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            testClass,
            c -> {
              PostgresMajor major = testClass.getAnnotation(PostgresMajor.class);
              return TestPostgres.newDatabase(
                  testClass.getSimpleName(),
                  major == null ? TestPostgres.DEFAULT_MAJOR : major.value());
            },
            TestDatabase.class);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }
}
