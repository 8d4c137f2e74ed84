package dev.straddle.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs the Straddle processor with a Filer that records every file it creates, because
 * compile-testing does not show generated files of a compilation that failed.
 */
final class RecordingProcessor extends AbstractProcessor {

  private final StraddleProcessor delegate = new StraddleProcessor();
  final List<String> created = new ArrayList<>();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    Filer filer = env.getFiler();
    Filer recording = proxy(Filer.class, filer, (name, args) -> created.add(name + " " + args[0]));
    delegate.init(proxy(ProcessingEnvironment.class, env, null, "getFiler", recording));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  private interface Listener {
    void called(String method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, T target, Listener listener) {
    return proxy(type, target, listener, null, null);
  }

  /** Delegates to {@code target}, answering {@code method} with {@code answer} when given. */
  private static <T> T proxy(
      Class<T> type, T target, Listener listener, String method, Object answer) {
    InvocationHandler handler =
        (self, m, args) -> {
          if (m.getName().equals(method)) {
            return answer;
          }
          if (listener != null && m.getName().startsWith("create")) {
            listener.called(m.getName(), args);
          }
          try {
            return m.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
