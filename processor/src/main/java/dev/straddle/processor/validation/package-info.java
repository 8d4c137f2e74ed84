/**
 * Checks the declarations against the schema model; every error goes to a {@link
 * dev.straddle.processor.validation.ValidationReport} with an id from the {@link
 * dev.straddle.processor.validation.Message} catalogue before anything is printed.
 */
package dev.straddle.processor.validation;
