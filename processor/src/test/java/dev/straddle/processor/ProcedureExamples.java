package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.MigrationPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * The versioned-procedure examples under {@code src/test/resources/procedures}: release 1 compiles
 * {@code CreateJobs} (fetch_job and count_jobs version 1), release 2 also {@code RenameQueue}
 * (version 2 of both, reading the renamed column).
 */
final class ProcedureExamples {

  static final String PACKAGE = "com.example.procs";
  static final String PLAN = PACKAGE + ".StraddlePlan";
  static final String PROCEDURES = PACKAGE + ".Procedures";
  static final List<String> FOLDERS =
      List.of("1_create_the_jobs_table", "2_rename_jobs_queue_to_queue_name");

  private ProcedureExamples() {}

  static JavaFileObject source(String simpleName) {
    return JavaFileObjects.forResource("procedures/com/example/procs/" + simpleName + ".java");
  }

  static Compilation release1() {
    return compile(List.of(source("CreateJobs")));
  }

  static Compilation release2() {
    return compile(List.of(source("CreateJobs"), source("RenameQueue")));
  }

  static Compilation compile(List<JavaFileObject> sources) {
    return javac().withProcessors(new StraddleProcessor()).compile(sources);
  }

  /** Release 2 with fetch_job version 2's body edited after it was applied. */
  static Compilation release2Edited() {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(source("CreateJobs"));
    try {
      String renamed = source("RenameQueue").getCharContent(true).toString();
      sources.add(
          JavaFileObjects.forSourceString(
              PACKAGE + ".RenameQueue",
              renamed.replace("ORDER BY id LIMIT 1", "ORDER BY id DESC LIMIT 1")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compile(sources);
  }

  /** Loads a generated class of {@code compilation}. */
  static Class<?> load(Compilation compilation, String name) throws ClassNotFoundException {
    ClassLoader loader =
        new ClassLoader(ProcedureExamples.class.getClassLoader()) {
          @Override
          protected Class<?> findClass(String className) throws ClassNotFoundException {
            String path = className.replace('.', '/') + ".class";
            JavaFileObject file =
                compilation
                    .generatedFile(StandardLocation.CLASS_OUTPUT, path)
                    .orElseThrow(() -> new ClassNotFoundException(className));
            try (InputStream in = file.openInputStream()) {
              byte[] bytes = in.readAllBytes();
              return defineClass(className, bytes, 0, bytes.length);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return loader.loadClass(name);
  }

  static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan) load(compilation, PLAN).getConstructor().newInstance();
  }

  /** A {@code public static final String} of the generated {@code Procedures} class. */
  static String constant(Compilation compilation, String field)
      throws ReflectiveOperationException {
    return (String) load(compilation, PROCEDURES).getField(field).get(null);
  }
}
