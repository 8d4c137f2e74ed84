package dev.straddle.processor.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An enum type as the schema model knows it: its labels in their order (all of them: {@code
 * CreateEnum} and {@code ExistingEnum} declare every one), and the labels migrations removed or
 * renamed away, with the migration that did it (docs/ARCHITECTURE.md, "Enum types").
 */
public final class EnumModel {

  /** A label a migration removed ({@code renamedTo} null) or renamed. */
  public record GoneLabel(String label, int migrationId, String renamedTo) {

    /** "dropped by migration 7" or "renamed to 'x' by migration 7". */
    public String describe() {
      return (renamedTo == null ? "dropped" : "renamed to '" + renamedTo + "'")
          + " by migration "
          + migrationId;
    }
  }

  private final String name;
  private final int createdBy;
  private final List<String> labels;
  private final Map<String, GoneLabel> gone = new LinkedHashMap<>();

  public EnumModel(String name, int createdBy, List<String> labels) {
    this.name = name;
    this.createdBy = createdBy;
    this.labels = new ArrayList<>(labels);
  }

  public String name() {
    return name;
  }

  /** The migration that creates it, 0 for the baseline. */
  public int createdBy() {
    return createdBy;
  }

  public List<String> labels() {
    return List.copyOf(labels);
  }

  public boolean has(String label) {
    return labels.contains(label);
  }

  /** Why {@code label} is no longer a label, or null. */
  public GoneLabel gone(String label) {
    return labels.contains(label) ? null : gone.get(label);
  }

  /** Replays a label added ({@code neighbour} empty: last). */
  void add(String label, String neighbour, boolean before) {
    gone.remove(label);
    int at = neighbour.isEmpty() ? labels.size() : labels.indexOf(neighbour);
    labels.add(at < 0 ? labels.size() : before ? at : at + 1, label);
  }

  /** Replays a label removed or renamed away by migration {@code migrationId}. */
  void remove(String label, int migrationId, String renamedTo) {
    int at = labels.indexOf(label);
    if (renamedTo == null) {
      labels.remove(at);
    } else {
      labels.set(at, renamedTo);
      gone.remove(renamedTo);
    }
    gone.put(label, new GoneLabel(label, migrationId, renamedTo));
  }
}
