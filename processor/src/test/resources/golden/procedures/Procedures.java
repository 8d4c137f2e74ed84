package com.example.procs;

import javax.annotation.processing.Generated;

/**
 * The current version of every Straddle procedure of this build (head 2): use these names, never a version.
 */
@Generated("dev.straddle.processor.StraddleProcessor")
public final class Procedures {
  /**
   * {@code fetch_job} version 2 (migration 2): {@code fetch_job_v2(target_queue text) RETURNS bigint}.
   */
  public static final String FETCH_JOB = "fetch_job_v2";

  /**
   * Calls {@link #FETCH_JOB}, one JDBC parameter per argument: for {@code prepareStatement}.
   */
  public static final String FETCH_JOB_CALL = "SELECT * FROM fetch_job_v2(?)";

  /**
   * {@code count_jobs} version 2 (migration 2): {@code count_jobs_v2(target_queue text, only_status text DEFAULT NULL) RETURNS bigint}.
   */
  public static final String COUNT_JOBS = "count_jobs_v2";

  /**
   * Calls {@link #COUNT_JOBS}, one JDBC parameter per argument: for {@code prepareStatement}.
   */
  public static final String COUNT_JOBS_CALL = "SELECT * FROM count_jobs_v2(?, ?)";

  private Procedures() {
  }
}
