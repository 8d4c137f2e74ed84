package dev.straddle.compat;

import dev.straddle.plan.MigrationPlan;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The schema state a test class runs on, and the head of the code it tests.
 *
 * <p>The database is made by applying {@link #plan()}: every migration of it expanded and
 * backfilled, then those up to {@link #contractedUpTo()} contracted. Typical uses: release N's
 * suite with release N+1's plan expanded ({@code plan = NextPlan.class, head = N}); release N+1's
 * suite on its own plan, expanded and then contracted.
 *
 * <p>States outside the compatibility window of {@link #head()} are refused: code with head {@code
 * h} is only promised to work while nothing above {@code h} is contracted.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SchemaStateExtension.class)
public @interface SchemaState {

  /** {@link #contractedUpTo()}'s default: nothing contracted. */
  int NOTHING = 0;

  /** The generated plan that shapes the database; it needs a no-argument constructor. */
  Class<? extends MigrationPlan> plan();

  /** The head of the code under test: every connection handed to the test says it. */
  int head();

  /** Migrations of {@link #plan()} up to this id are contracted. */
  int contractedUpTo() default NOTHING;

  /**
   * Class-path resources of SQL run before the plan, e.g. the tables an {@code @ExistingTable}
   * declares.
   */
  String[] setup() default {};
}
