package dev.straddle.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The floor of benchmark 5: a processor that makes the Filer calls docs/ARCHITECTURE.md
 * ("Concepts", what a build generates) asks of any Straddle build (per migration {@code
 * expand.sql}, {@code backfill.sql}, {@code contract.sql}, {@code rollback.sql}; a manifest, a
 * compatibility matrix and one Java class) with one line in each, and computes nothing. What javac
 * charges for that is out of the Straddle processor's hands. Deliberately not registered as a
 * service: the compile benchmark names it with {@code -processor}.
 */
@SupportedAnnotationTypes("dev.straddle.dsl.Migration")
public final class OutputsOnlyProcessor extends AbstractProcessor {

  private static final String[] PHASES = {
    "expand.sql", "backfill.sql", "contract.sql", "rollback.sql"
  };

  private boolean done;

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (done || annotations.isEmpty()) {
      return false;
    }
    done = true;
    int count = 0;
    for (TypeElement annotation : annotations) {
      for (Element migration : round.getElementsAnnotatedWith(annotation)) {
        for (String phase : PHASES) {
          write("META-INF/straddle/" + migration.getSimpleName() + "/" + phase);
        }
        count++;
      }
    }
    write("META-INF/straddle/manifest.json");
    write("META-INF/straddle/compatibility.md");
    try (Writer out = processingEnv.getFiler().createSourceFile("gen.OutputsOnly").openWriter()) {
      out.write(
          "package gen;\nfinal class OutputsOnly { static final int COUNT = " + count + "; }\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return false;
  }

  private void write(String path) {
    try {
      FileObject file =
          processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", path);
      try (Writer out = file.openWriter()) {
        out.write("-- one line\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
