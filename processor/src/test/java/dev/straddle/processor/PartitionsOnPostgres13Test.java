package dev.straddle.processor;

import dev.straddle.testkit.PostgresMajor;

/**
 * The same on the oldest supported major (the first with BEFORE ROW triggers on a partitioned
 * table).
 */
@PostgresMajor(13)
class PartitionsOnPostgres13Test extends PartitionsOnPostgresTest {}
