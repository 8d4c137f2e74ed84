package dev.straddle.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Creates an enum type at expand ({@code CREATE TYPE ... AS ENUM}, a catalog change that locks no
 * table). Later operations may give columns this type ({@code @AddColumn}, the {@code @Column}s of
 * {@code @CreateTable}), in the same migration or a later one.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(CreateEnum.List.class)
public @interface CreateEnum {
  /** {@code name} or {@code schema.name}. */
  String name();

  /** The labels, in their sort order: at least one, each at most 63 bytes, no duplicates. */
  String[] values();

  /** Holds repeated {@link CreateEnum} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    CreateEnum[] value();
  }
}
