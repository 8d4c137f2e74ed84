package dev.straddle.processor.reading;

/** One {@code @Column} of a {@code @CreateTable} or an {@code @ExistingTable}. */
public record ColumnDecl(
    Site site,
    String name,
    String type,
    boolean notNull,
    String defaultValue,
    boolean primaryKey) {}
