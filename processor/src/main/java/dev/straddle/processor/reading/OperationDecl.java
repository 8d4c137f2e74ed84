package dev.straddle.processor.reading;

/** One operation annotation of a migration class. */
public sealed interface OperationDecl
    permits AddColumnDecl,
        AlterColumnDecl,
        CreateIndexDecl,
        CreateTableDecl,
        DropColumnDecl,
        RenameColumnDecl {

  Site site();

  /** The table the operation changes, as declared. */
  String table();

  /** The annotation's simple name, e.g. {@code AddColumn}. */
  String kind();

  /**
   * The attribute values in a fixed order, as {@code name=value} pairs: the canonical text the
   * checksum covers.
   */
  String canonical();
}
