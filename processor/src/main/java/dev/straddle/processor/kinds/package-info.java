/**
 * One class per table operation kind ({@link dev.straddle.processor.kinds.OperationKind}), each
 * owning its annotation, reading, checks, replay into the schema model and SQL, and the registry of
 * them all ({@link dev.straddle.processor.kinds.OperationKinds#ALL}).
 */
package dev.straddle.processor.kinds;
