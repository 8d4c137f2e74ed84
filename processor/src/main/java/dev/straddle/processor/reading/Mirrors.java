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

/**
 * Typed access to one annotation mirror's values, defaults included. An operation kind reads its
 * declaration from it ({@link dev.straddle.processor.kinds.OperationKind#read}).
 */
public final class Mirrors {

  private final Elements elements;
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
    this.elements = elements;
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

  public Site site() {
    return site;
  }

  /** A string attribute; empty when the compiler could not evaluate it (already an error). */
  public String string(String name) {
    Object value = raw(name);
    return value instanceof String s ? s : "";
  }

  public boolean bool(String name) {
    return raw(name) instanceof Boolean b && b;
  }

  public int integer(String name) {
    return raw(name) instanceof Integer i ? i : 0;
  }

  /** An enum attribute's constant name; empty when the compiler could not evaluate it. */
  public String enumName(String name) {
    Object value = raw(name);
    return value instanceof javax.lang.model.element.VariableElement constant
        ? constant.getSimpleName().toString()
        : "";
  }

  /** An enum array attribute's constant names, in declared order. */
  public List<String> enumNames(String name) {
    List<String> out = new ArrayList<>();
    if (raw(name) instanceof List<?> values) {
      for (Object v : values) {
        if (v instanceof AnnotationValue av
            && av.getValue() instanceof javax.lang.model.element.VariableElement constant) {
          out.add(constant.getSimpleName().toString());
        }
      }
    }
    return out;
  }

  /** A {@code String[]} attribute. */
  public List<String> strings(String name) {
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
  public List<AnnotationMirror> annotations(String name) {
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

  /**
   * The {@code @Column}s of the {@code columns} attribute (of {@code @CreateTable} or
   * {@code @ExistingTable}), each with its own site.
   */
  public List<ColumnDecl> columns() {
    List<ColumnDecl> out = new ArrayList<>();
    List<AnnotationMirror> mirrors = annotations("columns");
    for (int i = 0; i < mirrors.size(); i++) {
      Mirrors c = new Mirrors(elements, site, mirrors.get(i), i);
      out.add(
          new ColumnDecl(
              c.site(),
              c.string("name"),
              c.string("type"),
              c.bool("notNull"),
              c.string("defaultValue"),
              c.bool("primaryKey"),
              c.enumName("identity")));
    }
    return out;
  }

  private Object raw(String name) {
    AnnotationValue value = all.get(name);
    return value == null ? null : value.getValue();
  }
}
