package dev.straddle.processor.reading;

import java.util.List;

/**
 * {@code @CreateTrigger}.
 *
 * @param timing, forEach the enum constants' names, e.g. {@code BEFORE}, {@code ROW}
 * @param events the enum constants' names, in declared order
 */
public record CreateTriggerDecl(
    Site site,
    String table,
    String name,
    String procedure,
    String timing,
    List<String> events,
    List<String> columns,
    String forEach,
    String when)
    implements OperationDecl {

  public CreateTriggerDecl {
    events = List.copyOf(events);
    columns = List.copyOf(columns);
  }

  @Override
  public String kind() {
    return "CreateTrigger";
  }

  @Override
  public String canonical() {
    return Canonical.of(
        kind(),
        "table",
        table,
        "name",
        name,
        "procedure",
        procedure,
        "timing",
        timing,
        "events",
        String.join("\n", events),
        "columns",
        String.join("\n", columns),
        "forEach",
        forEach,
        "when",
        when);
  }
}
