/**
 * A real PostgreSQL for tests, with nothing to install: a server named by the environment ({@link
 * dev.straddle.testkit.TestPostgres#URL_VARIABLE}), else Testcontainers when a Docker engine
 * answers, else an embedded PostgreSQL (zonky) started in this JVM. Each test class gets a fresh
 * database of its own ({@link dev.straddle.testkit.PostgresExtension}).
 */
package dev.straddle.testkit;
