package dev.straddle.processor.validation;

import dev.straddle.processor.reading.Site;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationValue;
import javax.tools.Diagnostic;

/**
 * Collects every error of a compilation before any is printed, so users see all of them at once and
 * the processor can refuse to generate anything when there is one.
 */
public final class ValidationReport {

  /**
   * One error (or a note that accompanies one), pointing at an annotation and, when the user wrote
   * it, the attribute at fault.
   */
  public record Item(
      Message message, String text, Site site, String attribute, Diagnostic.Kind kind) {}

  private final List<Item> items = new ArrayList<>();

  /** Reports {@code message} at {@code attribute} of the annotation at {@code site}. */
  public void error(Site site, String attribute, Message message, Object... args) {
    items.add(new Item(message, message.format(args), site, attribute, Diagnostic.Kind.ERROR));
  }

  /** A note at the other place an error involves (the first of two duplicates, say). */
  public void note(Site site, String attribute, Message message, String text) {
    items.add(
        new Item(message, "[" + message.id() + "] " + text, site, attribute, Diagnostic.Kind.NOTE));
  }

  public boolean isClean() {
    return items.stream().noneMatch(i -> i.kind() == Diagnostic.Kind.ERROR);
  }

  public List<Item> items() {
    return List.copyOf(items);
  }

  public void printTo(ProcessingEnvironment env) {
    Messager messager = env.getMessager();
    SourcePositions positions = SourcePositions.of(env);
    for (Item item : items) {
      if (positions.print(item.kind(), item.text(), item.site(), item.attribute())) {
        continue;
      }
      AnnotationValue value = item.attribute() == null ? null : item.site().value(item.attribute());
      messager.printMessage(
          item.kind(), item.text(), item.site().element(), item.site().mirror(), value);
    }
  }
}
