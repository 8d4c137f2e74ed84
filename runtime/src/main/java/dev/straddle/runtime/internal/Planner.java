package dev.straddle.runtime.internal;

import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PhaseStatements;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.runtime.ErrorCode;
import dev.straddle.runtime.Instance;
import dev.straddle.runtime.Phase;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.StraddleException;
import dev.straddle.runtime.Transition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides what a changing command does, from the history, the instance registry, the builds table
 * and the catalog (docs/ARCHITECTURE.md, "Planner"). The {@link Runner} executes the {@link Plan}
 * it returns and {@code plan} ({@link PlanPrinter}) prints it, so the dry run and the run cannot
 * disagree: every refusal (procedure versions, checksums, unknown migrations, {@link Preflight}
 * with the first pending migration's drift, the contract guard), contract eligibility (backfilled,
 * not past the replaced release's head, not needed by a live older instance) and the order of the
 * steps are decided here, once. Reads only; changes nothing.
 */
public final class Planner {

  /** Which contracts a command makes. */
  public enum ContractScope {
    /** None (expand, backfill). */
    NONE,
    /** {@code contract}: the backfilled migrations up to {@link Request#upTo}. */
    UP_TO,
    /**
     * {@code migrate}: those the replaced release works with ({@link Builds}), when the registry is
     * in use or the previous release is declared gone; everything backfilled when forced.
     */
    REPLACED_RELEASE
  }

  /** What a command asks for. */
  public record Request(
      String command,
      boolean expands,
      boolean backfills,
      ContractScope contracts,
      int upTo,
      boolean previousReleaseGone,
      boolean force,
      boolean rollsBack) {

    public static Request expand(boolean backfill) {
      return new Request("expand", true, backfill, ContractScope.NONE, 0, false, false, false);
    }

    public static Request backfill() {
      return new Request("backfill", false, true, ContractScope.NONE, 0, false, false, false);
    }

    public static Request contract(int upTo, boolean force) {
      return new Request("contract", false, false, ContractScope.UP_TO, upTo, false, force, false);
    }

    public static Request migrate(boolean previousReleaseGone, boolean force) {
      return new Request(
          "migrate",
          true,
          true,
          ContractScope.REPLACED_RELEASE,
          0,
          previousReleaseGone,
          force,
          false);
    }

    /**
     * {@code rollback}: every migration above {@code to} that is in flight, highest first; {@code
     * force} overrides the rollback guard (live instances whose head needs one of them).
     */
    public static Request rollback(int to, boolean force) {
      return new Request("rollback", false, false, ContractScope.NONE, to, false, force, true);
    }
  }

  /** One decision of a plan, in the order the run takes them. */
  public sealed interface Step
      permits FinishContract,
          ContractStep,
          Kept,
          NotContracted,
          NotBackfilled,
          ExpandStep,
          BackfillStep,
          Unknown,
          RollbackStep {}

  /**
   * Run the statements after the contract transaction of {@code migration} (its {@link
   * PhaseStatements#after()}): an earlier run committed the transaction and stopped before their
   * end, as the history records. First in every changing command's plan (a migration this build
   * does not declare is left to the build that does).
   */
  public record FinishContract(PlannedMigration migration, PhaseStatements statements)
      implements Step {}

  /**
   * Contract {@code migration}. {@code automatic}: a live older instance that registers before the
   * contract's transaction keeps it (and the contracts after it); otherwise it refuses the run
   * unless {@code force}, which the history records.
   */
  public record ContractStep(
      HistoryRow row,
      PlannedMigration migration,
      PhaseStatements statements,
      boolean automatic,
      boolean force)
      implements Step {}

  /** Not contracted, nor any later one: live registered instances of older code still use it. */
  public record Kept(HistoryRow row, List<Instance> needers) implements Step {}

  /**
   * Backfilled but not contracted by {@code migrate}: the release this deploy replaces (head {@code
   * replaced}) still uses them, or which release that is is unknown ({@code replaced} empty).
   */
  public record NotContracted(List<Integer> ids, OptionalInt replaced, String buildsTable)
      implements Step {

    public String note() {
      return replaced.isEmpty()
          ? "migrations "
              + ids
              + " not contracted: no earlier build is recorded in "
              + buildsTable
              + ", so which release this deploy replaces (and what it still uses) is unknown."
              + " Run `contract` once the previous release is gone"
          : "migrations "
              + ids
              + " not contracted: the release this deploy replaces (head "
              + replaced.getAsInt()
              + ") still uses them. The next deploy contracts them, or `contract` once this"
              + " release is rolled out";
    }
  }

  /** The contracts stop before migration {@code id}: it is not backfilled yet. */
  public record NotBackfilled(int id) implements Step {}

  /** Expand {@code migration} (its drift is checked again just before, see {@link Expander}). */
  public record ExpandStep(PlannedMigration migration, PhaseStatements statements)
      implements Step {}

  /** Backfill {@code migration} from its checkpoint, build its indexes, mark it backfilled. */
  public record BackfillStep(PlannedMigration migration) implements Step {}

  /** Migration {@code id} is expanded but unknown to this build: the backfills stop before it. */
  public record Unknown(int id) implements Step {}

  /**
   * Roll {@code migration} back (docs/ARCHITECTURE.md, "Rollback"): {@code statements} are its
   * plan's rollback; the sync triggers of the tables of {@code row}'s fragments are composed again
   * without it, and the history records it rolled back, in the same transaction. {@code needers}:
   * the live instances whose head needs it, overridden with {@code force} (recorded); the guard is
   * checked again in the transaction.
   */
  public record RollbackStep(
      HistoryRow row,
      PlannedMigration migration,
      PhaseStatements statements,
      List<Instance> needers,
      boolean force)
      implements Step {

    public RollbackStep {
      needers = List.copyOf(needers);
    }
  }

  /**
   * What a command does from the state it was planned on: a refusal (then nothing changes, not even
   * the history's creation), or the steps in order. {@code rows}: the history as read.
   */
  public record Plan(
      StraddleException refusal, List<Step> steps, TreeMap<Integer, HistoryRow> rows) {

    public Plan {
      steps = List.copyOf(steps);
    }
  }

  private final MigrationPlan plan;
  private final Settings settings;
  private final Registry registry;
  private final History history;
  private final Builds builds;
  private final Preflight preflight;
  private final Map<Integer, PlannedMigration> known;
  private final RollbackPlanner rollbacks;

  public Planner(MigrationPlan plan, Settings settings) {
    this.plan = plan;
    this.settings = settings;
    this.registry = new Registry(settings.historySchema());
    this.history = new History(settings.historySchema());
    this.builds = new Builds(settings.historySchema());
    this.preflight = new Preflight(plan, settings);
    this.known = HistoryGuard.byId(plan);
    this.rollbacks = new RollbackPlanner(plan, settings, registry, known);
  }

  /** Plans {@code request} on the state {@code rows} (the history as just read) describes. */
  public Plan plan(Connection connection, TreeMap<Integer, HistoryRow> rows, Request request)
      throws SQLException {
    if (request.rollsBack()) {
      return rollbacks.plan(connection, rows, request.upTo(), request.force());
    }
    List<Problem> problems =
        ProcedureGuard.problems(connection, settings.historySchema(), plan, rows);
    if (!problems.isEmpty()) {
      return refused(
          StraddleException.of(ErrorCode.HISTORY_MISMATCH, ErrorCode.list(problems)), rows);
    }
    try {
      preflight.check(connection, rows, request.expands(), request.backfills());
    } catch (StraddleException e) {
      if (e.kind() != StraddleException.Kind.REFUSED) {
        throw e;
      }
      return refused(e, rows);
    }
    List<Step> steps = new ArrayList<>();
    for (int id : history.unfinishedContracts(connection)) {
      PlannedMigration m = known.get(id);
      if (m != null) {
        steps.add(new FinishContract(m, PhaseStatements.of(m.contract())));
      }
    }
    StraddleException refusal = contracts(connection, rows, request, steps);
    if (refusal != null) {
      return refused(refusal, rows);
    }
    TreeMap<Integer, HistoryRow> after = new TreeMap<>(rows);
    if (request.expands()) {
      StraddleException rename = renameTooEarly(rows, steps);
      if (rename != null) {
        return refused(rename, rows);
      }
    }
    if (request.expands()) {
      for (PlannedMigration m : plan.migrations()) {
        if (!after.containsKey(m.id())) {
          steps.add(new ExpandStep(m, PhaseStatements.of(m.expand())));
          after.put(m.id(), HistoryRow.expanded(m));
        }
      }
    }
    if (request.backfills()) {
      for (HistoryRow row : after.values()) {
        if (row.phase() != Phase.EXPANDED) {
          continue;
        }
        PlannedMigration m = known.get(row.id());
        if (m == null) {
          steps.add(new Unknown(row.id()));
          break;
        }
        steps.add(new BackfillStep(m));
      }
    }
    return new Plan(null, steps, rows);
  }

  /**
   * A pending table rename that an earlier migration of the table would still be in flight for when
   * it expands (in flight now and not contracted by this run, or pending too): refused before
   * anything changes (docs/ARCHITECTURE.md, "Tables"); the expand checks it again.
   */
  private StraddleException renameTooEarly(TreeMap<Integer, HistoryRow> rows, List<Step> steps) {
    Set<Integer> contractedNow = new HashSet<>();
    for (Step step : steps) {
      if (step instanceof ContractStep contract) {
        contractedNow.add(contract.migration().id());
      }
    }
    List<PlannedMigration> inFlight = new ArrayList<>();
    for (PlannedMigration m : plan.migrations()) {
      HistoryRow row = rows.get(m.id());
      if (row == null || row.inFlight() && !contractedNow.contains(m.id())) {
        inFlight.add(m);
      }
    }
    for (PlannedMigration m : plan.migrations()) {
      if (!rows.containsKey(m.id())) {
        List<String> problems = TableRenames.problems(m, inFlight, "in flight when it expands");
        if (!problems.isEmpty()) {
          return StraddleException.in(
              m.id(), Transition.EXPAND, ErrorCode.DRIFT, ErrorCode.list(problems));
        }
      }
    }
    return null;
  }

  static Plan refused(StraddleException refusal, TreeMap<Integer, HistoryRow> rows) {
    return new Plan(refusal, List.of(), rows);
  }

  /** Adds the contract steps of {@code request}; returns the contract guard's refusal, if any. */
  private StraddleException contracts(
      Connection connection, TreeMap<Integer, HistoryRow> rows, Request request, List<Step> steps)
      throws SQLException {
    switch (request.contracts()) {
      case NONE:
        return null;
      case UP_TO:
        return upTo(connection, rows, request.upTo(), false, request.force(), steps);
      case REPLACED_RELEASE:
        if (request.force()) {
          return upTo(connection, rows, plan.head(), false, true, steps);
        }
        if (request.previousReleaseGone() || registry.exists(connection)) {
          return forReplacedRelease(connection, rows, !request.previousReleaseGone(), steps);
        }
        return null;
      default:
        throw new IllegalStateException(request.contracts().name());
    }
  }

  /** {@code migrate}'s contracts: never past the head of the release this build replaces. */
  private StraddleException forReplacedRelease(
      Connection connection, TreeMap<Integer, HistoryRow> rows, boolean automatic, List<Step> steps)
      throws SQLException {
    OptionalInt replaced = builds.replaced(connection, plan.head());
    List<Integer> later = new ArrayList<>();
    for (HistoryRow row : rows.values()) {
      if (row.phase() == Phase.BACKFILLED
          && row.id() <= plan.head()
          && (replaced.isEmpty() || row.id() > replaced.getAsInt())) {
        later.add(row.id());
      }
    }
    if (replaced.isPresent()) {
      StraddleException refusal =
          upTo(connection, rows, replaced.getAsInt(), automatic, false, steps);
      if (refusal != null) {
        return refusal;
      }
    }
    if (!later.isEmpty()) {
      steps.add(new NotContracted(later, replaced, builds.table()));
    }
    return null;
  }

  /**
   * Contracts backfilled migrations {@code <= upTo} in id order, stopping before the first one only
   * expanded. {@code automatic}: keeps (stops before) the first one a live instance needs; else a
   * needed one refuses the run before anything, unless {@code force}.
   */
  private StraddleException upTo(
      Connection connection,
      TreeMap<Integer, HistoryRow> rows,
      int upTo,
      boolean automatic,
      boolean force,
      List<Step> steps)
      throws SQLException {
    List<HistoryRow> candidates = new ArrayList<>();
    for (HistoryRow row : rows.values()) {
      if (row.id() > upTo || row.phase() == Phase.CONTRACTED) {
        continue;
      }
      if (row.phase() != Phase.BACKFILLED) {
        steps.add(new NotBackfilled(row.id()));
        break;
      }
      candidates.add(row);
    }
    if (candidates.isEmpty()) {
      return null;
    }
    List<Instance> live = registry.live(connection);
    if (!automatic && !force) {
      for (HistoryRow row : candidates) {
        List<Instance> needers = needing(live, row.id());
        if (!needers.isEmpty()) {
          return StraddleException.in(
              row.id(),
              Transition.CONTRACT,
              ErrorCode.CONTRACT_NEEDED,
              Contractor.refusal(row, needers, false));
        }
      }
    }
    for (HistoryRow row : candidates) {
      List<Instance> needers = needing(live, row.id());
      if (automatic && !needers.isEmpty()) {
        steps.add(new Kept(row, needers));
        return null;
      }
      PlannedMigration m = known.get(row.id());
      steps.add(new ContractStep(row, m, PhaseStatements.of(m.contract()), automatic, force));
    }
    return null;
  }

  static List<Instance> needing(List<Instance> live, int migrationId) {
    return live.stream().filter(i -> i.head() < migrationId).toList();
  }
}
