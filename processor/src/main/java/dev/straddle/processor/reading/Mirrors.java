package dev.straddle.processor.reading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Typed access to one annotation mirror's values, defaults included. */
final class Mirrors {

  private final Map<String, AnnotationValue> all = new HashMap<>();
  private final Site site;

  /**
   * A top-level annotation, or the {@code index}-th of a repeated one ({@code repeated} != null).
   */
  Mirrors(Elements elements, Element element, AnnotationMirror mirror, String repeated, int index) {
    this(elements, mirror, explicit -> new Site(element, mirror, explicit, repeated, index, -1));
  }

  /** A {@code @Column} at {@code column} of the table annotation at {@code table}. */
  Mirrors(Elements elements, Site table, AnnotationMirror mirror, int column) {
    this(elements, mirror, explicit -> table.nested(mirror, explicit, column));
  }

  private Mirrors(
      Elements elements,
      AnnotationMirror mirror,
      java.util.function.Function<Map<String, AnnotationValue>, Site> site) {
    Map<String, AnnotationValue> explicit = new HashMap<>();
    mirror.getElementValues().forEach((k, v) -> explicit.put(k.getSimpleName().toString(), v));
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      all.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
    this.site = site.apply(explicit);
  }

  static String qualifiedName(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  Site site() {
    return site;
  }

  /** A string attribute; empty when the compiler could not evaluate it (already an error). */
  String string(String name) {
    Object value = raw(name);
    return value instanceof String s ? s : "";
  }

  boolean bool(String name) {
    return raw(name) instanceof Boolean b && b;
  }

  int integer(String name) {
    return raw(name) instanceof Integer i ? i : 0;
  }

  /** An enum attribute's constant name; empty when the compiler could not evaluate it. */
  String enumName(String name) {
    Object value = raw(name);
    return value instanceof javax.lang.model.element.VariableElement constant
        ? constant.getSimpleName().toString()
        : "";
  }

  /** A {@code String[]} attribute. */
  List<String> strings(String name) {
    List<String> out = new ArrayList<>();
    if (raw(name) instanceof List<?> values) {
      for (Object v : values) {
        if (v instanceof AnnotationValue av && av.getValue() instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** The annotations of an array-of-annotations attribute (also used for repeatable containers). */
  List<AnnotationMirror> annotations(String name) {
    List<AnnotationMirror> out = new ArrayList<>();
    if (raw(name) instanceof List<?> values) {
      for (Object v : values) {
        if (v instanceof AnnotationValue av && av.getValue() instanceof AnnotationMirror m) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private Object raw(String name) {
    AnnotationValue value = all.get(name);
    return value == null ? null : value.getValue();
  }
}
