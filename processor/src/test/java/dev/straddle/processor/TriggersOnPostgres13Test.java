package dev.straddle.processor;

import dev.straddle.testkit.PostgresMajor;

/** The same on the oldest supported major (no CREATE OR REPLACE TRIGGER there). */
@PostgresMajor(13)
class TriggersOnPostgres13Test extends TriggersOnPostgresTest {}
