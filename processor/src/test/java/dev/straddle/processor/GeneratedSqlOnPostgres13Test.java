package dev.straddle.processor;

import dev.straddle.testkit.PostgresMajor;

/** The same phases on the oldest supported major. */
@PostgresMajor(13)
class GeneratedSqlOnPostgres13Test extends GeneratedSqlOnPostgresTest {}
