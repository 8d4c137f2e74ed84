/**
 * The annotations a Straddle migration is declared with.
 *
 * <p>A migration is a class annotated with {@link dev.straddle.dsl.Migration} and one or more
 * operations ({@link dev.straddle.dsl.CreateTable}, {@link dev.straddle.dsl.AddColumn}, {@link
 * dev.straddle.dsl.RenameColumn}, {@link dev.straddle.dsl.DropColumn}, {@link
 * dev.straddle.dsl.AlterColumn}, {@link dev.straddle.dsl.SetNotNull}, {@link
 * dev.straddle.dsl.DropNotNull}, {@link dev.straddle.dsl.SetDefault}, {@link
 * dev.straddle.dsl.DropDefault}, {@link dev.straddle.dsl.Comment}, {@link
 * dev.straddle.dsl.RenameTable}, {@link dev.straddle.dsl.DropTable}, {@link
 * dev.straddle.dsl.ReplicaIdentity}, {@link dev.straddle.dsl.RawSql}, ...) and/or versions of
 * stored functions ({@link dev.straddle.dsl.Procedure}). Tables that existed before Straddle was
 * adopted are declared with {@link dev.straddle.dsl.ExistingTable} on any class of the compilation.
 *
 * <p>Conventions shared by every annotation: an empty string means "not given"; table names are
 * {@code name} or {@code schema.name}; identifiers are always quoted in generated SQL, so they are
 * case-sensitive exactly as written; {@code up}, {@code down} and {@code defaultValue} are SQL
 * expressions copied verbatim (with a procedure's arguments, return type and body, the only raw SQL
 * Straddle accepts) and refer to columns of the same table by their bare names.
 */
package dev.straddle.dsl;
