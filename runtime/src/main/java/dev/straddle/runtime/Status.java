package dev.straddle.runtime;

import java.util.List;

/**
 * The state of a database against one build.
 *
 * @param head this build's head
 * @param migrations every migration known to the plan or recorded in the database, ascending id
 * @param problems reasons the runner would refuse to change anything (checksum mismatch, unknown
 *     migration); empty when it would proceed
 */
public record Status(int head, List<MigrationState> migrations, List<String> problems) {

  public Status {
    migrations = List.copyOf(migrations);
    problems = List.copyOf(problems);
  }

  /**
   * Whether code with this build's head works against the database now: every migration {@code <=
   * head} is at least backfilled and none {@code > head} is contracted.
   */
  public boolean insideWindow() {
    for (MigrationState m : migrations) {
      if (m.id() <= head && (m.phase() == Phase.PENDING || m.phase() == Phase.EXPANDED)) {
        return false;
      }
      if (m.id() > head && m.phase() == Phase.CONTRACTED) {
        return false;
      }
    }
    return true;
  }
}
