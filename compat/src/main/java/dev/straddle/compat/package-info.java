/**
 * The compatibility test kit: "run the tests with the DB on the previous schema". A test class
 * annotated with {@link dev.straddle.compat.SchemaState} runs on a fresh real database that a
 * Straddle plan has put in the chosen state, with connections that say the head of the code under
 * test.
 */
package dev.straddle.compat;
