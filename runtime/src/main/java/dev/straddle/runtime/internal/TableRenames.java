package dev.straddle.runtime.internal;

import dev.straddle.plan.IndexBuild;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.plan.SchemaExpectation;
import dev.straddle.plan.SqlStatement;
import dev.straddle.plan.SyncFragment;
import dev.straddle.plan.sql.TableName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tables a migration renames at expand ({@code @RenameTable}) or drops at contract
 * ({@code @DropTable}), read from its statements (docs/ARCHITECTURE.md, "Tables"). Every statement
 * and fact of a migration names its tables as they were when it was compiled, so an earlier
 * migration still in flight on a table when a later one renames it would run its backfill and
 * contract against the view left under the old name: the rename's expand is refused (exit 3,
 * nothing changed) until those are contracted. Once a rename or a drop is applied, the baseline's
 * facts about the old name no longer describe the live catalog, and {@code verify} leaves them out.
 */
final class TableRenames {

  private static final Pattern RENAME =
      Pattern.compile("ALTER TABLE ((?:\"[^\"]+\"\\.)?\"[^\"]+\") RENAME TO \"[^\"]+\"");
  private static final Pattern DROP = Pattern.compile("DROP TABLE ((?:\"[^\"]+\"\\.)?\"[^\"]+\")");

  private TableRenames() {}

  /** The tables (quoted, as in SQL) {@code m} renames at expand. */
  static Set<String> renamed(PlannedMigration m) {
    return matching(m.expand(), RENAME);
  }

  /** The tables (quoted, as in SQL) {@code m} drops at contract. */
  static Set<String> dropped(PlannedMigration m) {
    return matching(m.contract(), DROP);
  }

  private static Set<String> matching(List<SqlStatement> statements, Pattern pattern) {
    Set<String> out = new LinkedHashSet<>();
    for (SqlStatement s : statements) {
      Matcher matcher = pattern.matcher(s.sql());
      if (matcher.matches()) {
        out.add(matcher.group(1));
      }
    }
    return out;
  }

  /** Every table {@code m} names (quoted, as in SQL): in its facts, fragments and index builds. */
  static Set<String> tablesOf(PlannedMigration m) {
    Set<String> out = new LinkedHashSet<>();
    for (SchemaExpectation e : m.expectations()) {
      out.add(TableName.parse(e.table()).sql());
    }
    for (SyncFragment f : m.fragments()) {
      out.add(TableName.parse(f.table()).sql());
    }
    for (IndexBuild index : m.indexes()) {
      out.add(TableName.parse(index.table()).sql());
    }
    return out;
  }

  /**
   * Why {@code m} cannot rename its tables yet: an earlier migration of {@code others} (in flight,
   * or pending in the same run) names one of them. Empty when it may.
   */
  static List<String> problems(
      PlannedMigration m, Collection<PlannedMigration> others, String how) {
    List<String> out = new ArrayList<>();
    for (String table : renamed(m)) {
      for (PlannedMigration other : others) {
        if (other.id() < m.id() && tablesOf(other).contains(table)) {
          out.add(
              "migration "
                  + other.id()
                  + " ("
                  + how
                  + ") uses table "
                  + table
                  + ", which migration "
                  + m.id()
                  + " renames: its backfill and contract name the table as it was; contract it"
                  + " before migration "
                  + m.id()
                  + " expands (deploy them in different releases)");
        }
      }
    }
    return out;
  }
}
