package dev.straddle.compat;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Makes the database of a {@link SchemaState} class once per class and hands it to any {@link
 * CompatDatabase} parameter (constructor, lifecycle or test method).
 */
public final class SchemaStateExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SchemaStateExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == CompatDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(testClass, SchemaStateExtension::create, CompatDatabase.class);
  }

  private static CompatDatabase create(Class<?> testClass) {
    SchemaState state = testClass.getAnnotation(SchemaState.class);
    if (state == null) {
      throw new ExtensionConfigurationException(
          testClass.getName() + " needs @SchemaState to get a CompatDatabase");
    }
    MigrationPlan plan = instantiate(state.plan());
    if (state.contractedUpTo() > state.head()) {
      throw new ExtensionConfigurationException(
          testClass.getName()
              + ": contracting up to migration "
              + state.contractedUpTo()
              + " is outside the compatibility window of head "
              + state.head()
              + " (code with head h is only promised to work while nothing above h is"
              + " contracted)");
    }
    PostgresMajor major = testClass.getAnnotation(PostgresMajor.class);
    TestDatabase database =
        TestPostgres.newDatabase(
            testClass.getSimpleName(), major == null ? TestPostgres.DEFAULT_MAJOR : major.value());
    for (String resource : state.setup()) {
      runSetup(testClass, database, resource);
    }
    Straddle straddle = Straddle.configure(plan).dataSource(database.dataSource()).load();
    straddle.migrate();
    if (state.contractedUpTo() > SchemaState.NOTHING) {
      straddle.contractUpTo(state.contractedUpTo(), ContractPolicy.PREVIOUS_RELEASE_GONE);
    }
    return new CompatDatabase(database, state.head(), straddle.status());
  }

  private static MigrationPlan instantiate(Class<? extends MigrationPlan> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new ExtensionConfigurationException(
          type.getName() + " needs a public no-argument constructor", e);
    }
  }

  private static void runSetup(Class<?> testClass, TestDatabase database, String resource) {
    try (InputStream in = testClass.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ExtensionConfigurationException("setup resource not found: " + resource);
      }
      database.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | SQLException e) {
      throw new ExtensionConfigurationException("setup " + resource + " failed: " + e, e);
    }
  }
}
