package dev.straddle.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Wraps a DataSource and counts what its users send to the server: connections opened, statements
 * executed (each {@code execute*} call, each {@code DatabaseMetaData} query) and transaction ends
 * ({@code commit}/{@code rollback}). Each is one round trip with the PostgreSQL driver; a new
 * connection is several (startup, authentication, parameters).
 */
final class CountingDataSource {

  final AtomicLong connections = new AtomicLong();
  final AtomicLong statements = new AtomicLong();
  final AtomicLong transactionEnds = new AtomicLong();
  final DataSource dataSource;

  CountingDataSource(DataSource target) {
    this.dataSource =
        proxy(
            DataSource.class,
            target,
            (method, result) -> {
              if (method.getName().equals("getConnection")) {
                connections.incrementAndGet();
                return proxy(Connection.class, result, this::connection);
              }
              return result;
            });
  }

  void reset() {
    connections.set(0);
    statements.set(0);
    transactionEnds.set(0);
  }

  long roundTrips() {
    return statements.get() + transactionEnds.get();
  }

  private Object connection(Method method, Object result) {
    String name = method.getName();
    if (name.equals("commit") || name.equals("rollback")) {
      transactionEnds.incrementAndGet();
    }
    if (result instanceof Statement statement) {
      Class<?> type =
          name.equals("prepareCall")
              ? java.sql.CallableStatement.class
              : name.equals("prepareStatement")
                  ? java.sql.PreparedStatement.class
                  : Statement.class;
      return proxy(type, statement, this::statement);
    }
    if (result instanceof DatabaseMetaData metaData) {
      return proxy(
          DatabaseMetaData.class,
          metaData,
          (m, r) -> {
            if (r instanceof ResultSet) {
              statements.incrementAndGet();
            }
            return r;
          });
    }
    return result;
  }

  private Object statement(Method method, Object result) {
    if (method.getName().startsWith("execute")) {
      statements.incrementAndGet();
    }
    return result;
  }

  @FunctionalInterface
  private interface After {
    Object apply(Method method, Object result) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Object target, After after) {
    InvocationHandler handler =
        (p, method, args) -> {
          if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
            return method.invoke(target, args);
          }
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return after.apply(method, result);
        };
    return (T)
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
