/**
 * Generates a valid compilation's output: one builder per operation kind contributes statements,
 * sync fragments and expectations to its migration; the reviewable {@code .sql} files, the manifest
 * and the plan class are rendered from that.
 */
package dev.straddle.processor.generation;
