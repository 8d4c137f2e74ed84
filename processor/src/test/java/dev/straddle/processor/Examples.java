package dev.straddle.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** The representative migrations under {@code src/test/resources/examples}, and their outputs. */
final class Examples {

  static final String PACKAGE = "com.example.jobs";
  static final String PLAN = PACKAGE + ".StraddlePlan";
  static final List<String> CLASSES =
      List.of(
          "Baseline",
          "CreateQueues",
          "RenameQueue",
          "AddAbortRequested",
          "DropLegacyFlags",
          "StatusWithoutAborting",
          "IndexJobs");

  /** Folder of each example migration under META-INF/straddle, in id order. */
  static final List<String> FOLDERS =
      List.of(
          "1_create_the_queues_table",
          "2_rename_jobs_queue_to_queue_name",
          "3_split_the_abort_request_out_of_job",
          "4_drop_jobs_legacy_flags",
          "5_status_no_longer_says_aborting",
          "6_index_waiting_jobs_by_queue_queue_names");

  static final List<String> PHASES =
      List.of("expand.sql", "backfill.sql", "contract.sql", "rollback.sql");

  private Examples() {}

  static List<JavaFileObject> sources() {
    return CLASSES.stream()
        .map(c -> JavaFileObjects.forResource("examples/com/example/jobs/" + c + ".java"))
        .toList();
  }

  static Compilation compile() {
    return javac().withProcessors(new StraddleProcessor()).compile(sources());
  }

  /** The content of a generated resource, e.g. {@code META-INF/straddle/manifest.txt}. */
  static Optional<String> resource(Compilation compilation, String path) {
    return compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, path)
        .map(
            file -> {
              try {
                return file.getCharContent(true).toString();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }
}
