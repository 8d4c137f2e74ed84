package com.example.trig;

import javax.annotation.processing.Generated;

/**
 * The current version of every Straddle procedure of this build (head 2): use these names, never a version.
 */
@Generated("dev.straddle.processor.StraddleProcessor")
public final class Procedures {
  /**
   * {@code count_jobs} version 1 (migration 2): {@code count_jobs_v1(target_queue text) RETURNS bigint}.
   */
  public static final String COUNT_JOBS = "count_jobs_v1";

  /**
   * Calls {@link #COUNT_JOBS}, one JDBC parameter per argument: for {@code prepareStatement}.
   */
  public static final String COUNT_JOBS_CALL = "SELECT * FROM count_jobs_v1(?)";

  /**
   * {@code audit_job} version 2 (migration 2): {@code audit_job_v2() RETURNS trigger}, a trigger function: its triggers ({@code @CreateTrigger}) execute it, no SQL calls it.
   */
  public static final String AUDIT_JOB = "audit_job_v2";

  private Procedures() {
  }
}
