/**
 * Reads the Straddle annotations through mirrors into plain declarations that remember where each
 * value was written, so errors can point at the attribute at fault.
 */
package dev.straddle.processor.reading;
