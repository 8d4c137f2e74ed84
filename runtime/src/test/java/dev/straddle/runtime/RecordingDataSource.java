package dev.straddle.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * Wraps a DataSource (java.lang.reflect.Proxy over Connection, Statement and PreparedStatement) and
 * records what its users send: each executed SQL text with the parameters bound to it, and each
 * {@code commit} (as {@code COMMIT}).
 */
final class RecordingDataSource {

  /** One statement sent: its text and, for a prepared statement, the parameters in order. */
  record Sent(String sql, List<Object> parameters, boolean prepared) {}

  private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
  private final DataSource dataSource;

  RecordingDataSource(DataSource target) {
    this.dataSource =
        proxy(
            DataSource.class,
            target,
            (method, args, result) ->
                result instanceof Connection c
                    ? proxy(Connection.class, c, this::connection)
                    : result);
  }

  DataSource dataSource() {
    return dataSource;
  }

  List<Sent> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  void clear() {
    sent.clear();
  }

  private Object connection(Method method, Object[] args, Object result) {
    String name = method.getName();
    if (name.equals("commit")) {
      sent.add(new Sent("COMMIT", List.of(), false));
    }
    if (result instanceof PreparedStatement statement && name.equals("prepareStatement")) {
      String sql = (String) args[0];
      List<Object> parameters = new ArrayList<>();
      return proxy(
          PreparedStatement.class,
          statement,
          (m, a, r) -> {
            if (m.getName().startsWith("set") && a != null && a.length == 2) {
              int index = (Integer) a[0];
              while (parameters.size() < index) {
                parameters.add(null);
              }
              parameters.set(index - 1, a[1]);
            } else if (m.getName().startsWith("execute")) {
              sent.add(
                  new Sent(sql, Collections.unmodifiableList(new ArrayList<>(parameters)), true));
            }
            return r;
          });
    }
    if (result instanceof Statement statement && name.equals("createStatement")) {
      return proxy(
          Statement.class,
          statement,
          (m, a, r) -> {
            if (m.getName().startsWith("execute") && a != null && a.length > 0) {
              sent.add(new Sent((String) a[0], List.of(), false));
            }
            return r;
          });
    }
    return result;
  }

  @FunctionalInterface
  private interface After {
    Object apply(Method method, Object[] args, Object result) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Object target, After after) {
    InvocationHandler handler =
        (p, method, args) -> {
          if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
            return method.invoke(target, args);
          }
          // Record a statement before it runs: a failing one is sent, too.
          if (method.getName().startsWith("execute") || method.getName().equals("commit")) {
            after.apply(method, args, null);
            try {
              return method.invoke(target, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return after.apply(method, args, result);
        };
    return (T)
        Proxy.newProxyInstance(
            RecordingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
