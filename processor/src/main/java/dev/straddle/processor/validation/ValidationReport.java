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

  /** One error, pointing at an annotation and (when the user wrote it) the attribute at fault. */
  public record Item(Message message, String text, Site site, String attribute) {}

  private final List<Item> items = new ArrayList<>();

  /** Reports {@code message} at {@code attribute} of the annotation at {@code site}. */
  public void error(Site site, String attribute, Message message, Object... args) {
    items.add(new Item(message, message.format(args), site, attribute));
  }

  public boolean isClean() {
    return items.isEmpty();
  }

  public List<Item> items() {
    return List.copyOf(items);
  }

  public void printTo(ProcessingEnvironment env) {
    Messager messager = env.getMessager();
    SourcePositions positions = SourcePositions.of(env);
    for (Item item : items) {
      if (positions.print(item.text(), item.site(), item.attribute())) {
        continue;
      }
      AnnotationValue value = item.attribute() == null ? null : item.site().value(item.attribute());
      messager.printMessage(
          Diagnostic.Kind.ERROR, item.text(), item.site().element(), item.site().mirror(), value);
    }
  }
}
