/**
 * The Straddle annotation processor. Layers, one direction of dependency: {@code reading} → {@code
 * model} → {@code validation} → {@code generation}; {@link
 * dev.straddle.processor.StraddleProcessor} wires them.
 */
package dev.straddle.processor;
