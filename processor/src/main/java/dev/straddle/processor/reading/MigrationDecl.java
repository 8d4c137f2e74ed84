package dev.straddle.processor.reading;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A class annotated with {@code @Migration}, with its operations in declaration order. {@code site}
 * is the {@code @Migration} annotation.
 */
public record MigrationDecl(
    TypeElement type, Site site, int id, String description, List<OperationDecl> operations) {

  public MigrationDecl {
    operations = List.copyOf(operations);
  }
}
