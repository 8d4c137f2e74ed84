package dev.straddle.runtime;

import dev.straddle.testkit.PostgresMajor;

/** The replica lag bound on the oldest supported major ({@code pg_stat_replication}'s lags). */
@PostgresMajor(13)
class ReplicaLagBoundPostgres13Test extends ReplicaLagBoundTest {}
