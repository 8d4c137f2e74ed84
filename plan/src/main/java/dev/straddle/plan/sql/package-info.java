/**
 * SQL rendering shared by the processor (for the reviewable {@code .sql} files) and the runner (for
 * what it executes), so both always produce the same text. One builder per kind of statement; no
 * JDBC here. Not meant for application code.
 */
package dev.straddle.plan.sql;
