package dev.straddle.processor.reading;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a declaration was written: the annotated element, the annotation (possibly nested in a
 * repeatable container or a {@code columns} array) and the values the user wrote explicitly, so an
 * error can point at the exact attribute.
 */
public record Site(
    Element element, AnnotationMirror mirror, Map<String, AnnotationValue> explicit) {

  public Site {
    explicit = Map.copyOf(explicit);
  }

  /** The value the user wrote for {@code attribute}, or null when it was left at its default. */
  public AnnotationValue value(String attribute) {
    return explicit.get(attribute);
  }
}
