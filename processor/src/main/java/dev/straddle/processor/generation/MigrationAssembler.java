package dev.straddle.processor.generation;

import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SyncFragment;
import dev.straddle.processor.kinds.Replayed;
import dev.straddle.processor.model.MigrationModel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Builds a migration's phases by asking each operation's kind for its part. */
final class MigrationAssembler {

  private static final int MAX_SLUG = 40;

  // Compiled once: slug() runs per migration, and a String.replaceAll compiles its pattern per
  // call.
  private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");
  private static final Pattern LEADING = Pattern.compile("^_+");
  private static final Pattern TRAILING = Pattern.compile("_+$");

  private final ProcedureSql procedures = new ProcedureSql();

  GeneratedMigration assemble(MigrationModel migration) {
    MigrationPieces pieces = new MigrationPieces();
    for (Replayed<?> op : migration.operations()) {
      op.declare(pieces);
    }
    migration.procedures().forEach(p -> procedures.contract(p, pieces));
    for (Replayed<?> op : migration.operations()) {
      pieces.startOperation();
      op.contribute(pieces);
    }
    pieces.startOperation();
    migration.procedures().forEach(p -> procedures.expand(p, pieces));
    PlannedMigration planned =
        new PlannedMigration(
            migration.id(),
            migration.decl().description(),
            Checksums.of(migration.decl()),
            pieces.expand(),
            pieces.contract(),
            pieces.fragments(),
            pieces.expectations(),
            pieces.indexes(),
            pieces.rollback());
    // Only tables with fragments get a sync trigger; keep their column sets for the preview.
    Map<String, Set<String>> synced = new LinkedHashMap<>();
    for (SyncFragment f : planned.fragments()) {
      synced.putIfAbsent(f.table(), pieces.columnsByTable().get(f.table()));
    }
    return new GeneratedMigration(
        planned,
        migration.id() + "_" + slug(migration.decl().description()),
        migration.decl().type().getQualifiedName().toString(),
        synced,
        pieces.partitionedIndexes(),
        pieces.left());
  }

  /**
   * Lower case, runs of anything but letters and digits as one '_', at most 40 characters (cut at a
   * word boundary when there is one).
   */
  static String slug(String description) {
    String slug =
        LEADING
            .matcher(NON_WORD.matcher(description.toLowerCase(Locale.ROOT)).replaceAll("_"))
            .replaceAll("");
    if (slug.length() > MAX_SLUG) {
      int boundary = slug.charAt(MAX_SLUG) == '_' ? MAX_SLUG : slug.lastIndexOf('_', MAX_SLUG);
      slug = slug.substring(0, boundary > 0 ? boundary : MAX_SLUG);
    }
    slug = TRAILING.matcher(slug).replaceAll("");
    return slug.isEmpty() ? "migration" : slug;
  }
}
