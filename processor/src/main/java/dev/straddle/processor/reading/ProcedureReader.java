package dev.straddle.processor.reading;

/** Reads a {@code @Procedure} or {@code @ExistingProcedure} mirror. */
final class ProcedureReader {

  private ProcedureReader() {}

  static ProcedureDecl existing(Mirrors values) {
    return ProcedureDecl.existing(
        values.site(),
        values.string("name"),
        values.string("schema"),
        values.string("arguments"),
        values.string("returns"));
  }

  static ProcedureDecl read(Mirrors values) {
    return new ProcedureDecl(
        values.site(),
        values.string("name"),
        values.integer("version"),
        values.string("schema"),
        values.string("arguments"),
        values.string("returns"),
        values.enumName("language"),
        values.enumName("volatility"),
        values.enumName("security"),
        values.bool("strict"),
        values.strings("set"),
        values.string("body"),
        false);
  }
}
