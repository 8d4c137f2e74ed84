package dev.straddle.processor;

import dev.straddle.testkit.PostgresMajor;

/** The same on the oldest supported major. */
@PostgresMajor(13)
class FlywayCoexistenceOnPostgres13Test extends FlywayCoexistenceOnPostgresTest {}
