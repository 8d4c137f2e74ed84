package dev.straddle.processor.generation;

import java.util.List;

/** {@code META-INF/straddle/manifest.txt}: the head, then one line per migration. */
final class ManifestText {

  private ManifestText() {}

  static String render(int head, List<GeneratedMigration> migrations) {
    StringBuilder out =
        new StringBuilder("# Straddle manifest, generated: id folder checksum description\n");
    out.append("head ").append(head).append('\n');
    for (GeneratedMigration m : migrations) {
      out.append(m.planned().id())
          .append(' ')
          .append(m.folder())
          .append(' ')
          .append(m.planned().checksum())
          .append(' ')
          .append(SqlFiles.oneLine(m.planned().description()))
          .append('\n');
    }
    return out.toString();
  }
}
