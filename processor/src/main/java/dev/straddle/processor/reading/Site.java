package dev.straddle.processor.reading;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a declaration was written: the annotated element, the annotation (possibly nested in a
 * repeatable container or a {@code columns} array) and the values the user wrote explicitly, so an
 * error can point at the exact attribute.
 *
 * @param repeated when the annotation was repeated (javac wraps it in a synthesized container that
 *     has no source position), its type's qualified name; otherwise null
 * @param index its position among the repeated annotations of that type, in source order
 * @param column for a {@code @Column}, its position in the table's {@code columns}; otherwise -1
 */
public record Site(
    Element element,
    AnnotationMirror mirror,
    Map<String, AnnotationValue> explicit,
    String repeated,
    int index,
    int column) {

  public Site {
    explicit = Map.copyOf(explicit);
  }

  /** The value the user wrote for {@code attribute}, or null when it was left at its default. */
  public AnnotationValue value(String attribute) {
    return explicit.get(attribute);
  }

  /** The same place, for an annotation nested in this one's {@code columns} at {@code i}. */
  public Site nested(AnnotationMirror nested, Map<String, AnnotationValue> values, int i) {
    return new Site(element, nested, values, repeated, index, i);
  }
}
