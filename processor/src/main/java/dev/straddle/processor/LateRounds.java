package dev.straddle.processor;

import dev.straddle.processor.validation.Message;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Straddle annotations that appear after the plan was written cannot be part of it. */
final class LateRounds {

  private LateRounds() {}

  static void report(Messager messager, Set<Element> annotated) {
    for (Element element : annotated) {
      messager.printMessage(
          Diagnostic.Kind.ERROR, Message.LATE_ROUND.format(element.getSimpleName()), element);
    }
  }
}
