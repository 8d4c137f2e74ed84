package dev.straddle.processor.generation;

import dev.straddle.processor.reading.MigrationDecl;
import dev.straddle.processor.reading.OperationDecl;
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
    for (OperationDecl op : migration.operations()) {
      text.append('\n').append(op.canonical());
    }
    return text.toString();
  }

  static String of(MigrationDecl migration) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(canonicalText(migration).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
