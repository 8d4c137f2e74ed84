package dev.straddle.processor.validation;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.straddle.processor.reading.Site;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Reports errors on repeated annotations. javac wraps repeated annotations in a synthesized
 * container without a source position, so {@code Messager} would put the error on the class; with
 * javac's tree API we find the {@code index}-th annotation of the type, and the attribute in it.
 * Without that API (another compiler) the caller falls back to the {@code Messager}.
 */
final class SourcePositions {

  private final Trees trees;

  private SourcePositions(Trees trees) {
    this.trees = trees;
  }

  static SourcePositions of(ProcessingEnvironment env) {
    try {
      return new SourcePositions(Trees.instance(env));
    } catch (IllegalArgumentException | LinkageError notJavac) {
      return new SourcePositions(null);
    }
  }

  /** Prints {@code text} at the attribute of the repeated annotation; false when it cannot. */
  boolean print(String text, Site site, String attribute) {
    if (trees == null || site.repeated() == null) {
      return false;
    }
    TreePath path = trees.getPath(site.element());
    if (path == null || !(path.getLeaf() instanceof ClassTree type)) {
      return false;
    }
    List<AnnotationTree> repeats = new ArrayList<>();
    for (AnnotationTree annotation : type.getModifiers().getAnnotations()) {
      if (site.repeated().equals(typeName(new TreePath(path, annotation)))) {
        repeats.add(annotation);
      }
    }
    if (site.index() >= repeats.size()) {
      return false;
    }
    AnnotationTree annotation = repeats.get(site.index());
    if (site.column() >= 0) {
      annotation = column(argument(annotation, "columns"), site.column());
      if (annotation == null) {
        return false;
      }
    }
    Tree at = attribute == null ? null : argument(annotation, attribute);
    trees.printMessage(
        Diagnostic.Kind.ERROR, text, at == null ? annotation : at, path.getCompilationUnit());
    return true;
  }

  private String typeName(TreePath annotation) {
    TypeMirror type = trees.getTypeMirror(annotation);
    return type instanceof DeclaredType declared
        ? ((TypeElement) declared.asElement()).getQualifiedName().toString()
        : null;
  }

  private static ExpressionTree argument(AnnotationTree annotation, String name) {
    for (ExpressionTree argument : annotation.getArguments()) {
      if (argument instanceof AssignmentTree assignment
          && assignment.getVariable() instanceof IdentifierTree id
          && id.getName().contentEquals(name)) {
        return assignment.getExpression();
      }
    }
    return null;
  }

  private static AnnotationTree column(ExpressionTree columns, int i) {
    if (columns instanceof NewArrayTree array && i < array.getInitializers().size()) {
      return array.getInitializers().get(i) instanceof AnnotationTree a ? a : null;
    }
    return i == 0 && columns instanceof AnnotationTree single ? single : null;
  }
}
