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
    int head, List<MigrationState> migrations, List<Problem> problems, List<Instance> instances) {

  /** The command shown in fixes when the plan class is unknown. */
  public static final String DEFAULT_COMMAND = "StraddlePlan";

  public Status {
    migrations = List.copyOf(migrations);
    problems = List.copyOf(problems);
    instances = List.copyOf(instances);
  }

  public Status(int head, List<MigrationState> migrations, List<Problem> problems) {
    this(head, migrations, problems, List.of());
  }

  /**
   * Whether code with this build's head works against the database now: every migration {@code <=
   * head} is at least backfilled and none {@code > head} is contracted.
   */
  public boolean insideWindow() {
    return insideWindow(head);
  }

  /**
   * Whether code with head {@code codeHead} works against the database now (the compatibility
   * window, docs/ARCHITECTURE.md): {@code contractedThrough() <= codeHead <= backfilledThrough()}.
   * A head that is not a migration known here (to this build or the history) is above that: its
   * newest migration is not in the database.
   */
  public boolean insideWindow(int codeHead) {
    if (migrations.isEmpty()) {
      return true;
    }
    Integer contracted = contractedThrough();
    Integer backfilled = backfilledThrough();
    return (contracted == null || contracted <= codeHead)
        && (backfilled == null ? codeHead < migrations.get(0).id() : codeHead <= backfilled);
  }

  /**
   * The newest contracted migration, or {@code null} when none is: code with a lower head no longer
   * works (it still uses what that contract dropped). With the runner's order, every earlier
   * migration is contracted too.
   */
  public Integer contractedThrough() {
    Integer contracted = null;
    for (MigrationState m : migrations) {
      if (m.phase() == Phase.CONTRACTED) {
        contracted = m.id();
      }
    }
    return contracted;
  }

  /**
   * The newest migration that is at least backfilled with every earlier one, or {@code null} when
   * the first is not: code with a higher head does not work yet (a migration it needs is pending or
   * only expanded).
   */
  public Integer backfilledThrough() {
    Integer backfilled = null;
    for (MigrationState m : migrations) {
      if (m.phase() != Phase.BACKFILLED && m.phase() != Phase.CONTRACTED) {
        break;
      }
      backfilled = m.id();
    }
    return backfilled;
  }

  /**
   * The schema state as the pair (contracted through c, backfilled through e) and the heads that
   * work on it, {@code c <= h <= e}, in one line.
   */
  public String schemaState() {
    Integer contracted = contractedThrough();
    Integer backfilled = backfilledThrough();
    String state =
        "schema state: "
            + (contracted == null ? "nothing contracted" : "contracted through " + contracted)
            + ", "
            + (backfilled == null ? "nothing backfilled" : "backfilled through " + backfilled)
            + "; ";
    if (migrations.isEmpty()) {
      return state + "no migrations";
    }
    String upper = backfilled == null ? "h < " + migrations.get(0).id() : "h ≤ " + backfilled;
    if (contracted == null) {
      return state + "code with head h works when " + upper;
    }
    if (backfilled == null || contracted > backfilled) {
      return state + "no head works (a contracted migration follows one not backfilled)";
    }
    return state + "code with head h works when " + contracted + " ≤ " + upper;
  }

  /**
   * Why this build's code would not work against the database now, one line per migration naming
   * the missing or premature phase and the command that fixes it; empty inside the window.
   */
  public List<Problem> outsideWindow(String command) {
    List<Problem> out = new ArrayList<>();
    for (MigrationState m : migrations) {
      if (fits(m, head)) {
        continue;
      }
      String name = "migration " + m.id() + " (" + m.description() + ")";
      if (m.id() > head) {
        out.add(
            new Problem(
                ErrorCode.OUTSIDE_WINDOW,
                name
                    + " is contracted but this build's head is "
                    + head
                    + ": this build is too old for the database; deploy a build whose head is at"
                    + " least "
                    + m.id()));
      } else if (m.phase() == Phase.PENDING) {
        out.add(
            new Problem(
                ErrorCode.OUTSIDE_WINDOW,
                name + " is pending: run `" + command + " migrate` (expand and backfill)"));
      } else {
        out.add(
            new Problem(
                ErrorCode.OUTSIDE_WINDOW,
                name + " is only expanded: run `" + command + " backfill`"));
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
   * The compatibility matrix of the running system, in Markdown: the {@link #schemaState()} line,
   * then one row per migration with its phase, one column per live head (this build's head when
   * none is registered), ✅ where that migration's phase is inside the head's window, ❌ where not; a
   * last row says whether each head is inside its window as a whole.
   */
  public String matrix() {
    List<Integer> heads = liveHeads();
    if (heads.isEmpty()) {
      heads = List.of(head);
    }
    StringBuilder out = new StringBuilder(schemaState()).append("\n\n| migration | phase |");
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
