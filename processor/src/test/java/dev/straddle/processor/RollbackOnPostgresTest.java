package dev.straddle.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.straddle.plan.Irreversible;
import dev.straddle.plan.MigrationPlan;
import dev.straddle.plan.PhaseStatements;
import dev.straddle.plan.PlannedMigration;
import dev.straddle.processor.kinds.OperationKind;
import dev.straddle.processor.kinds.OperationKinds;
import dev.straddle.runtime.Backfill;
import dev.straddle.runtime.ContractPolicy;
import dev.straddle.runtime.Straddle;
import dev.straddle.testkit.PostgresExtension;
import dev.straddle.testkit.PostgresMajor;
import dev.straddle.testkit.TestDatabase;
import dev.straddle.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation kind's inverse on a real PostgreSQL (docs/ARCHITECTURE.md, "Rollback"): for each
 * kind, a migration using it over one baseline schema is expanded and backfilled by the runner
 * (concurrent index builds included), the sync triggers are dropped as the runner's rollback does
 * when no migration of the table stays in flight, and the plan's rollback statements run (those
 * outside a transaction first, then one transaction). The catalog must then be what it was before
 * the expand, except what the kind documents as left, and the migration's expand must apply again.
 */
@ExtendWith(PostgresExtension.class)
class RollbackOnPostgresTest {

  private static final String PACKAGE = "rb";

  /**
   * One kind's case: migrations applied and contracted before the snapshot ({@code priors}, each
   * the annotations of one migration), the migration rolled back, and the catalog lines it leaves
   * changed ({@code -} before, {@code +} after).
   */
  record Case(String kind, List<String> priors, String migration, Set<String> left) {

    Case(String kind, String migration) {
      this(kind, List.of(), migration, Set.of());
    }

    Case(String kind, String migration, Set<String> left) {
      this(kind, List.of(), migration, left);
    }

    @Override
    public String toString() {
      return kind;
    }
  }

  private static final String AUDIT_V1 =
      """
      @Procedure(name = "audit_job", version = 1, returns = "trigger",
          body = "BEGIN NEW.status := coalesce(NEW.status, 'v1'); RETURN NEW; END")
      @CreateTrigger(table = "jobs", name = "jobs_audit", procedure = "audit_job",
          timing = CreateTrigger.Timing.BEFORE, events = CreateTrigger.Event.INSERT)
      """;

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "CreateTable",
            """
            @CreateTable(name = "tags", columns = {
                @Column(name = "id", type = "bigserial", primaryKey = true),
                @Column(name = "label", type = "text", notNull = true, defaultValue = "'x'")},
                partitionBy = "")
            @AddUnique(table = "tags", name = "tags_label_key", columns = "label")
            @AddForeignKey(table = "tags", name = "tags_label_fk", columns = "label",
                references = "queues")
            """),
        new Case(
            "AddColumn",
            """
            @AddColumn(table = "jobs", column = "priority", type = "integer", notNull = true,
                up = "id % 3")
            @AddColumn(table = "jobs", column = "seq", type = "bigserial")
            @AddColumn(table = "jobs", column = "token", type = "uuid",
                defaultValue = "gen_random_uuid()")
            """),
        new Case(
            "RenameColumn",
            """
            @RenameColumn(table = "jobs", from = "queue", to = "queue_name")
            """),
        new Case(
            "DropColumn",
            """
            @DropColumn(table = "jobs", column = "note", down = "'dropped'")
            """),
        new Case(
            "AlterColumn",
            """
            @AlterColumn(table = "jobs", column = "status", up = "upper(status)")
            """),
        new Case(
            "ChangeColumnType",
            """
            @ChangeColumnType(table = "jobs", column = "attempts", type = "bigint")
            @ChangeColumnType(table = "visits", column = "id", type = "bigint")
            @ChangeColumnType(table = "jobs", column = "note", type = "varchar(40)")
            @ChangeColumnType(table = "jobs", column = "score", type = "numeric(12,2)")
            """),
        new Case(
            "CreateIndex",
            """
            @CreateIndex(table = "jobs", name = "jobs_queue_idx", columns = "queue")
            @CreateIndex(table = "events", name = "events_kind_idx", columns = "kind")
            """),
        new Case(
            "SetNotNull",
            """
            @SetNotNull(table = "jobs", column = "status", up = "'open'")
            """),
        new Case(
            "DropNotNull",
            """
            @DropNotNull(table = "jobs", column = "queue", down = "'default'")
            """),
        new Case(
            "SetDefault",
            """
            @SetDefault(table = "jobs", column = "hits", defaultValue = "5")
            @SetDefault(table = "jobs", column = "status", defaultValue = "'open'")
            """),
        new Case(
            "DropDefault",
            """
            @DropDefault(table = "jobs", column = "queue")
            """),
        new Case(
            "Comment",
            """
            @Comment(table = "jobs", text = "Jobs to run")
            """,
            Set.of("-relation jobs r d ", "+relation jobs r d Jobs to run")),
        new Case(
            "AddCheck",
            """
            @AddCheck(table = "jobs", name = "jobs_score_positive", check = "score >= 0",
                column = "score", up = "0")
            """),
        new Case(
            "AddForeignKey",
            """
            @AddForeignKey(table = "jobs", name = "jobs_queue_fk", columns = "queue",
                references = "queues", onDelete = AddForeignKey.Action.CASCADE)
            """),
        new Case(
            "AddUnique",
            """
            @AddUnique(table = "jobs", name = "jobs_queue_id_key", columns = {"queue", "id"})
            """),
        new Case(
            "DropConstraint",
            """
            @DropConstraint(table = "jobs", name = "jobs_hits_check")
            """),
        new Case(
            "RenameConstraint",
            """
            @RenameConstraint(table = "jobs", from = "jobs_hits_check", to = "jobs_hits_nonneg")
            """),
        new Case(
            "DropIndex",
            """
            @DropIndex(table = "jobs", name = "jobs_status_idx")
            """),
        new Case(
            "RenameIndex",
            """
            @RenameIndex(table = "jobs", from = "jobs_status_idx", to = "jobs_status_index")
            """),
        new Case(
            "CreateEnum",
            """
            @CreateEnum(name = "priority_level", values = {"low", "high"})
            @AddColumn(table = "jobs", column = "priority", type = "priority_level",
                up = "'low'")
            """),
        new Case(
            "AddEnumValue",
            """
            @AddEnumValue(type = "job_state", value = "paused", after = "new")
            """,
            Set.of("-enum job_state new,done", "+enum job_state new,paused,done")),
        new Case(
            "RenameEnumValue",
            """
            @RenameEnumValue(type = "job_state", from = "done", to = "finished")
            """),
        new Case(
            "DropEnumValue",
            """
            @DropEnumValue(type = "job_state", value = "done", replacement = "new")
            """),
        new Case(
            "CreateTrigger",
            AUDIT_V1
                + """
                @AddColumn(table = "jobs", column = "audited", type = "boolean")
                """),
        new Case(
            "Procedure",
            List.of(AUDIT_V1),
            """
            @Procedure(name = "audit_job", version = 2, returns = "trigger",
                body = "BEGIN NEW.status := coalesce(NEW.status, 'v2'); RETURN NEW; END")
            """,
            Set.of()),
        new Case(
            "DropTrigger",
            """
            @DropTrigger(table = "jobs", name = "jobs_touch")
            """),
        new Case(
            "DropProcedure",
            """
            @DropProcedure(name = "count_jobs", arguments = "text")
            """),
        new Case(
            "RenameTable",
            """
            @RenameTable(from = "queues", to = "queue_names")
            """),
        new Case(
            "DropTable",
            """
            @DropTable(name = "queues")
            """),
        new Case(
            "ReplicaIdentity",
            """
            @ReplicaIdentity(table = "jobs", value = ReplicaIdentity.Identity.FULL)
            """,
            Set.of("-relation jobs r d ", "+relation jobs r f ")),
        new Case(
            "RawSql",
            """
            @RawSql(
                expandOutsideTransaction =
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_lower_queue_idx ON jobs (lower(queue))",
                expand = "CREATE VIEW job_counts AS SELECT queue, count(*) AS n FROM jobs GROUP BY queue",
                rollbackOutsideTransaction = "DROP INDEX CONCURRENTLY IF EXISTS jobs_lower_queue_idx",
                rollback = "DROP VIEW IF EXISTS job_counts",
                locks = "jobs")
            """));
  }

  static final String SETUP =
      """
      CREATE TYPE job_state AS ENUM ('new', 'done');
      CREATE TABLE queues (name text PRIMARY KEY);
      CREATE TABLE jobs (id bigint PRIMARY KEY, queue text NOT NULL DEFAULT 'default',
        status text, note varchar(20), hits integer NOT NULL DEFAULT 0
        CONSTRAINT jobs_hits_check CHECK (hits >= 0), score numeric(8,2), state job_state, attempts integer NOT NULL DEFAULT 0);
      CREATE INDEX jobs_status_idx ON jobs (status);
      CREATE INDEX jobs_attempts_idx ON jobs (attempts) WHERE attempts > 0;
      CREATE TABLE visits (id serial PRIMARY KEY, note text);
      INSERT INTO visits (note) SELECT 'v' || g FROM generate_series(1, 50) g;
      CREATE INDEX jobs_hits_idx ON jobs (hits);
      CREATE TABLE events (id bigint, at date, kind text, PRIMARY KEY (id, at))
        PARTITION BY RANGE (at);
      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
      CREATE FUNCTION count_jobs(text) RETURNS bigint LANGUAGE sql STABLE
        AS 'SELECT count(*) FROM jobs WHERE queue = $1';
      CREATE FUNCTION touch_job() RETURNS trigger LANGUAGE plpgsql
        AS 'BEGIN NEW.hits := NEW.hits + 1; RETURN NEW; END';
      CREATE TRIGGER jobs_touch BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION touch_job();
      GRANT SELECT ON queues TO PUBLIC;
      INSERT INTO queues VALUES ('default'), ('mail');
      INSERT INTO jobs (id, queue, status, note, hits, score, state)
        SELECT g, CASE WHEN g % 2 = 0 THEN 'default' ELSE 'mail' END,
               CASE WHEN g % 3 = 0 THEN NULL ELSE 'open' END, 'n' || g, g, g / 10.0,
               CASE WHEN g % 4 = 0 THEN 'done' ELSE 'new' END::job_state
        FROM generate_series(1, 200) g;
      INSERT INTO events SELECT g, DATE '2026-06-01' + g * 2, 'k' || g % 5
        FROM generate_series(1, 200) g
      """;

  static final String BASELINE =
      """
      @ExistingTable(name = "jobs", columns = {
          @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
          @Column(name = "queue", type = "text", notNull = true, defaultValue = "'default'"),
          @Column(name = "status", type = "text"),
          @Column(name = "note", type = "varchar(20)"),
          @Column(name = "hits", type = "integer", notNull = true, defaultValue = "0"),
          @Column(name = "score", type = "numeric(8,2)"),
          @Column(name = "state", type = "job_state"),
          @Column(name = "attempts", type = "integer", notNull = true, defaultValue = "0")})
      @ExistingTable(name = "visits", columns = {
          @Column(name = "id", type = "integer", notNull = true, primaryKey = true,
              defaultValue = "nextval('visits_id_seq'::regclass)"),
          @Column(name = "note", type = "text")})
      @ExistingTable(name = "queues", columns = {
          @Column(name = "name", type = "text", notNull = true, primaryKey = true)})
      @ExistingTable(name = "events", partitionBy = "RANGE (at)", columns = {
          @Column(name = "id", type = "bigint", notNull = true, primaryKey = true),
          @Column(name = "at", type = "date", notNull = true, primaryKey = true),
          @Column(name = "kind", type = "text")})
      @ExistingEnum(name = "job_state", values = {"new", "done"})
      @ExistingIndex(table = "jobs", name = "jobs_status_idx", columns = "status")
      @ExistingIndex(table = "jobs", name = "jobs_hits_idx", columns = "hits")
      """;

  /** What a rollback could have to undo, a line per object, in the schemas the tests use. */
  static final List<String> CATALOG =
      List.of(
          "SELECT 'relation ' || c.relname || ' ' || c.relkind::text || ' ' || c.relreplident::text || ' '"
              + " || coalesce(obj_description(c.oid, 'pg_class'), '')"
              + " || coalesce(' acl ' || c.relacl::text, '')"
              + " FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1",
          "SELECT 'column ' || c.relname || '.' || a.attname || ' '"
              + " || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull"
              + " || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' ' || a.attidentity::text"
              + " || ' ' || coalesce(col_description(c.oid, a.attnum), '')"
              + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
              + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
              + " WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0"
              + " AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v') ORDER BY 1",
          "SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' '"
              + " || pg_get_constraintdef(oid) || ' ' || convalidated FROM pg_constraint"
              + " WHERE connamespace = 'public'::regnamespace ORDER BY 1",
          "SELECT 'index ' || pg_get_indexdef(indexrelid) || ' ' || indisvalid FROM pg_index"
              + " WHERE indrelid IN (SELECT oid FROM pg_class"
              + " WHERE relnamespace = 'public'::regnamespace) ORDER BY 1",
          "SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"
              + " AND tgrelid IN (SELECT oid FROM pg_class"
              + " WHERE relnamespace = 'public'::regnamespace) ORDER BY 1",
          "SELECT 'function ' || proname || '(' || pg_get_function_identity_arguments(oid) || ')'"
              + " FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
          "SELECT 'enum ' || t.typname || ' '"
              + " || string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder)"
              + " FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid"
              + " WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname ORDER BY 1",
          "SELECT 'view ' || viewname || ' ' || definition FROM pg_views"
              + " WHERE schemaname = 'public' ORDER BY 1");

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRollbackLeavesTheCatalogAsBeforeTheExpand(Case c, TestDatabase db) throws Exception {
    PostgresMajor major = getClass().getAnnotation(PostgresMajor.class);
    if (major != null && System.getenv(TestPostgres.URL_VARIABLE) == null) {
      assertEquals(major.value(), db.serverMajor());
    }
    reset(db);
    List<String> priors = new ArrayList<>();
    for (String prior : c.priors()) {
      priors.add(prior);
      Straddle release = straddle(db, compile(priors));
      release.expand(Backfill.DEFER);
      release.backfill();
      release.contractUpTo(priors.size(), ContractPolicy.PREVIOUS_RELEASE_GONE);
    }
    List<String> all = new ArrayList<>(priors);
    all.add(c.migration());
    Compilation compilation = compile(all);
    MigrationPlan plan = plan(compilation);
    PlannedMigration planned = plan.migrations().get(plan.migrations().size() - 1);
    assertTrue(Irreversible.reason(planned).isEmpty(), c.kind());
    Set<String> before = snapshot(db);

    Straddle release = Straddle.configure(plan).dataSource(db.dataSource()).load();
    release.expand(Backfill.DEFER);
    release.backfill();
    dropSyncTriggers(db);
    run(db, planned.rollback());

    Set<String> after = snapshot(db);
    Set<String> changed = new TreeSet<>();
    before.stream().filter(l -> !after.contains(l)).forEach(l -> changed.add("-" + l));
    after.stream().filter(l -> !before.contains(l)).forEach(l -> changed.add("+" + l));
    assertEquals(new TreeSet<>(c.left()), changed, c.kind() + ": what the rollback leaves");

    // Applied again: the expand runs on what the rollback left (its transaction rolled back).
    PhaseStatements expand = PhaseStatements.of(planned.expand());
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : expand.outside()) {
        statement.execute(sql);
      }
      connection.setAutoCommit(false);
      for (String sql : expand.inside()) {
        statement.execute(sql);
      }
      connection.rollback();
    }
  }

  /** A rollback runs again after a crash: run twice, the second changes nothing and fails not. */
  @Test
  void aRollbackRunsAgainWithoutChange(TestDatabase db) throws Exception {
    reset(db);
    String migration =
        cases().filter(c -> c.kind().equals("CreateIndex")).findFirst().orElseThrow().migration()
            + """
            @AddColumn(table = "jobs", column = "priority", type = "integer", notNull = true,
                up = "1")
            @AddUnique(table = "jobs", name = "jobs_queue_id_key", columns = {"queue", "id"})
            """;
    MigrationPlan plan = plan(compile(List.of(migration)));
    PlannedMigration planned = plan.migrations().get(0);
    Set<String> before = snapshot(db);
    Straddle release = Straddle.configure(plan).dataSource(db.dataSource()).load();
    release.expand(Backfill.DEFER);
    release.backfill();
    dropSyncTriggers(db);
    run(db, planned.rollback());
    run(db, planned.rollback());
    assertEquals(before, snapshot(db));
  }

  /**
   * A {@code @RawSql} that expands and declares no rollback marks its migration: the plan says why,
   * and the marked rollback, run anyway, fails at its first statement, before anything changed.
   */
  @Test
  void aRawSqlWithoutRollbackCannotBeRolledBack(TestDatabase db) throws Exception {
    reset(db);
    MigrationPlan plan =
        plan(
            compile(
                List.of(
                    """
                    @AddColumn(table = "jobs", column = "priority", type = "integer")
                    @RawSql(expand = "CREATE VIEW job_counts AS SELECT count(*) AS n FROM jobs",
                        locks = "jobs")
                    @RawSql(contract = "DROP VIEW job_counts", locks = "jobs")
                    """)));
    PlannedMigration planned = plan.migrations().get(0);
    assertEquals(
        "a @RawSql with expand statements declares no rollback (its first: CREATE VIEW"
            + " job_counts AS SELECT count(*) AS n FROM jobs)",
        Irreversible.reason(planned).orElseThrow());
    Straddle release = Straddle.configure(plan).dataSource(db.dataSource()).load();
    release.expand(Backfill.DEFER);
    dropSyncTriggers(db);
    Set<String> expanded = snapshot(db);
    SQLException refused = assertThrows(SQLException.class, () -> run(db, planned.rollback()));
    assertTrue(
        refused.getMessage().contains(Irreversible.PREFIX + "a @RawSql"), refused.getMessage());
    assertEquals(expanded, snapshot(db), "nothing ran");

    // One that only contracts has nothing to undo.
    PlannedMigration contractOnly =
        plan(compile(List.of("@RawSql(contract = \"SELECT 1\", locks = \"jobs\")")))
            .migrations()
            .get(0);
    assertTrue(Irreversible.reason(contractOnly).isEmpty());
    assertTrue(contractOnly.rollback().isEmpty());
  }

  /** Every registered kind, and procedures, have their case above. */
  @Test
  void everyKindHasARollbackCase() {
    Set<String> kinds = new TreeSet<>();
    OperationKinds.ALL.stream().map(OperationKind::annotation).forEach(kinds::add);
    kinds.add("Procedure");
    Set<String> covered = new TreeSet<>();
    cases().map(Case::kind).forEach(covered::add);
    assertEquals(kinds, covered);
  }

  private static void reset(TestDatabase db) throws SQLException {
    db.execute(
        "DROP SCHEMA IF EXISTS straddle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
            + " GRANT ALL ON SCHEMA public TO PUBLIC");
    db.execute(SETUP);
  }

  /** What the runner's rollback does when no migration of a table stays in flight. */
  private static void dropSyncTriggers(TestDatabase db) throws SQLException {
    db.execute(
        "DO $$ DECLARE t record; BEGIN FOR t IN SELECT tgrelid::regclass AS rel, tgfoid::regprocedure"
            + " AS fn FROM pg_trigger WHERE tgname = '_straddle_sync' AND tgparentid = 0 LOOP"
            + " EXECUTE format('DROP TRIGGER _straddle_sync ON %s', t.rel);"
            + " EXECUTE format('DROP FUNCTION %s', t.fn); END LOOP; END $$");
  }

  /** A rollback as the runner runs it: outside statements one by one, then one transaction. */
  private static void run(TestDatabase db, List<dev.straddle.plan.SqlStatement> rollback)
      throws SQLException {
    PhaseStatements phase = PhaseStatements.of(rollback);
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : phase.outside()) {
        statement.execute(sql);
      }
      connection.setAutoCommit(false);
      for (String sql : phase.inside()) {
        statement.execute(sql);
      }
      connection.commit();
    }
  }

  private static Set<String> snapshot(TestDatabase db) throws SQLException {
    Set<String> lines = new LinkedHashSet<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String sql : CATALOG) {
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            lines.add(rs.getString(1));
          }
        }
      }
    }
    return lines;
  }

  private static Compilation compile(List<String> migrations) {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(source("Baseline", BASELINE));
    for (int i = 0; i < migrations.size(); i++) {
      sources.add(
          source(
              "M" + (i + 1),
              "@Migration(id = " + (i + 1) + ", description = \"Case\")\n" + migrations.get(i)));
    }
    Compilation compilation = ProcedureExamples.compile(sources);
    assertThat(compilation).succeeded();
    assertFalse(compilation.warnings().size() > 0, () -> compilation.warnings().toString());
    return compilation;
  }

  private static JavaFileObject source(String name, String annotations) {
    return JavaFileObjects.forSourceString(
        PACKAGE + "." + name,
        "package "
            + PACKAGE
            + ";\n\nimport dev.straddle.dsl.*;\n\n"
            + annotations
            + "final class "
            + name
            + " {}\n");
  }

  private static MigrationPlan plan(Compilation compilation) throws ReflectiveOperationException {
    return (MigrationPlan)
        ProcedureExamples.load(compilation, PACKAGE + ".StraddlePlan")
            .getConstructor()
            .newInstance();
  }

  private static Straddle straddle(TestDatabase db, Compilation compilation)
      throws ReflectiveOperationException {
    return Straddle.configure(plan(compilation)).dataSource(db.dataSource()).load();
  }
}
