package dev.straddle.processor.reading;

import dev.straddle.processor.kinds.Operation;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A class annotated with {@code @Migration}, with its operations and procedure versions in
 * declaration order. {@code site} is the {@code @Migration} annotation.
 */
public record MigrationDecl(
    TypeElement type,
    Site site,
    int id,
    String description,
    List<Operation<?>> operations,
    List<ProcedureDecl> procedures) {

  public MigrationDecl {
    operations = List.copyOf(operations);
    procedures = List.copyOf(procedures);
  }

  /** A migration without procedures. */
  public MigrationDecl(
      TypeElement type, Site site, int id, String description, List<Operation<?>> operations) {
    this(type, site, id, description, operations, List.of());
  }
}
