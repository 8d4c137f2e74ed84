package dev.straddle.processor.generation;

import dev.straddle.plan.sql.Identifiers;
import dev.straddle.plan.sql.TableName;
import java.util.List;
import java.util.stream.Collectors;

/** SQL shared by the enum type kinds (docs/ARCHITECTURE.md, "Enum types"). */
final class EnumSql {

  private EnumSql() {}

  /** The type's quoted, optionally schema-qualified name. */
  static String type(String declared) {
    return TableName.parse(declared).sql();
  }

  static String literal(String label) {
    return Identifiers.literal(label);
  }

  static String labels(List<String> labels) {
    return labels.stream().map(EnumSql::literal).collect(Collectors.joining(", "));
  }
}
