package dev.straddle.processor.generation;

import dev.straddle.plan.PlannedMigration;
import java.util.Map;
import java.util.Set;

/**
 * One migration ready to write: what the plan class lists, plus what the reviewable files need.
 *
 * @param folder {@code <id>_<slug>} under {@code META-INF/straddle/}
 * @param source the migration class's qualified name
 * @param columnsByTable per table with sync fragments, its columns while the migration is in flight
 */
public record GeneratedMigration(
    PlannedMigration planned,
    String folder,
    String source,
    Map<String, Set<String>> columnsByTable) {}
