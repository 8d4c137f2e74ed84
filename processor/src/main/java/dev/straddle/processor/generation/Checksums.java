package dev.straddle.processor.generation;

import dev.straddle.processor.kinds.Operation;
import dev.straddle.processor.reading.MigrationDecl;
import dev.straddle.processor.reading.ProcedureDecl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a migration's declaration (id, description, each operation's attributes in a fixed
 * order), not of the generated SQL: a Straddle upgrade that renders SQL differently must not make
 * applied migrations look edited.
 */
final class Checksums {

  private Checksums() {}

  static String canonicalText(MigrationDecl migration) {
    StringBuilder text = new StringBuilder();
    text.append("Migration id=")
        .append(migration.id())
        .append(" description=")
        .append(migration.description().length())
        .append(':')
        .append(migration.description());
    for (Operation<?> op : migration.operations()) {
      text.append('\n').append(op.canonical());
    }
    // After the operations, so a migration without procedures keeps the checksum it always had.
    for (ProcedureDecl p : migration.procedures()) {
      text.append('\n').append(p.canonical());
    }
    return text.toString();
  }

  static String of(MigrationDecl migration) {
    return of(canonicalText(migration));
  }

  /** SHA-256 (hex) of {@code canonical}. */
  static String of(String canonical) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
