package dev.straddle.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The state of a database against one build.
 *
 * @param head this build's head
 * @param migrations every migration known to the plan or recorded in the database, ascending id
 * @param problems reasons the runner would refuse to change anything (checksum mismatch, unknown
 *     migration); empty when it would proceed
 * @param instances the live registered instances (see {@link InstanceRegistry}), by head; empty
 *     when none registered
 */
public record Status(
    int head, List<MigrationState> migrations, List<String> problems, List<Instance> instances) {

  /** The command shown in fixes when the plan class is unknown. */
  public static final String DEFAULT_COMMAND = "StraddlePlan";

  public Status {
    migrations = List.copyOf(migrations);
    problems = List.copyOf(problems);
    instances = List.copyOf(instances);
  }

  public Status(int head, List<MigrationState> migrations, List<String> problems) {
    this(head, migrations, problems, List.of());
  }

  /**
   * Whether code with this build's head works against the database now: every migration {@code <=
   * head} is at least backfilled and none {@code > head} is contracted.
   */
  public boolean insideWindow() {
    return insideWindow(head);
  }

  /** Whether code with head {@code codeHead} works against the database now (DESIGN §2). */
  public boolean insideWindow(int codeHead) {
    for (MigrationState m : migrations) {
      if (!fits(m, codeHead)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why this build's code would not work against the database now, one line per migration naming
   * the missing or premature phase and the command that fixes it; empty inside the window.
   */
  public List<String> outsideWindow(String command) {
    List<String> out = new ArrayList<>();
    for (MigrationState m : migrations) {
      if (fits(m, head)) {
        continue;
      }
      String name = "migration " + m.id() + " (" + m.description() + ")";
      if (m.id() > head) {
        out.add(
            name
                + " is contracted but this build's head is "
                + head
                + ": this build is too old for the database; deploy a build whose head is at"
                + " least "
                + m.id());
      } else if (m.phase() == Phase.PENDING) {
        out.add(name + " is pending: run `" + command + " migrate` (expand and backfill)");
      } else {
        out.add(name + " is only expanded: run `" + command + " backfill`");
      }
    }
    return out;
  }

  /** The distinct heads of the live instances, ascending. */
  public List<Integer> liveHeads() {
    TreeSet<Integer> heads = new TreeSet<>();
    instances.forEach(i -> heads.add(i.head()));
    return List.copyOf(heads);
  }

  /**
   * The live heads that still need {@code m}'s old shape: heads below its id, while it is not
   * contracted (contracting it would break them).
   */
  public List<Integer> neededBy(MigrationState m) {
    if (m.phase() == Phase.CONTRACTED) {
      return List.of();
    }
    return liveHeads().stream().filter(h -> h < m.id()).toList();
  }

  /**
   * The compatibility matrix of the running system, in Markdown: one row per migration with its
   * phase, one column per live head (this build's head when none is registered), ✅ where that
   * migration's phase is inside the head's window, ❌ where not; a last row says whether each head
   * is inside its window as a whole.
   */
  public String matrix() {
    List<Integer> heads = liveHeads();
    if (heads.isEmpty()) {
      heads = List.of(head);
    }
    StringBuilder out = new StringBuilder("| migration | phase |");
    for (int h : heads) {
      out.append(" head ").append(h).append(" |");
    }
    out.append("\n|---|---|");
    out.append("---|".repeat(heads.size()));
    out.append('\n');
    for (MigrationState m : migrations) {
      String description = m.description() == null ? "" : m.description().replace("|", "\\|");
      out.append("| ").append(m.id()).append(' ').append(description).append(" | ");
      out.append(m.phase().stored()).append(" |");
      for (int h : heads) {
        out.append(fits(m, h) ? " ✅ |" : " ❌ |");
      }
      out.append('\n');
    }
    out.append("| **inside window** | |");
    for (int h : heads) {
      out.append(insideWindow(h) ? " ✅ |" : " ❌ |");
    }
    out.append('\n');
    return out.toString();
  }

  /** Whether {@code m}'s phase is inside the window of code with head {@code codeHead}. */
  static boolean fits(MigrationState m, int codeHead) {
    if (m.id() <= codeHead) {
      return m.phase() == Phase.BACKFILLED || m.phase() == Phase.CONTRACTED;
    }
    return m.phase() != Phase.CONTRACTED;
  }
}
