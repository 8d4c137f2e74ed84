package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Renames a label of an enum type, at contract ({@code ALTER TYPE ... RENAME VALUE}, catalog only;
 * stored rows, defaults and constraints follow, since they hold the label's identity, not its
 * text). Until contract the label keeps its old name, which the old release writes and reads; after
 * it only the new name exists. So the release that ships the rename must not name either label in
 * its SQL (it runs before and after the contract). A release that writes the new label uses the
 * replace pattern instead: {@code @AddEnumValue} of the new label, an {@code @AlterColumn} {@code
 * down} mapping it to the old one for old code, and {@code @DropEnumValue} of the old label with
 * the new one as {@code replacement} (docs/ARCHITECTURE.md, "Enum types").
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RenameEnumValue.List.class)
public @interface RenameEnumValue {
  /** The enum type, {@code name} or {@code schema.name}. */
  String type();

  /** The label as it is now. */
  String from();

  /** Its new name. */
  String to();

  /** Holds repeated {@link RenameEnumValue} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    RenameEnumValue[] value();
  }
}
