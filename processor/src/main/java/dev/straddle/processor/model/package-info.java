/**
 * The schema model, replayed migration by migration over the baseline, and the resolved operations
 * (each with what the model knew when its migration ran).
 */
package dev.straddle.processor.model;
