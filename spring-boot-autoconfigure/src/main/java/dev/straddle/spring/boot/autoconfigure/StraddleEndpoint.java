package dev.straddle.spring.boot.autoconfigure;

import dev.straddle.runtime.Instance;
import dev.straddle.runtime.MigrationState;
import dev.straddle.runtime.Problem;
import dev.straddle.runtime.Status;
import dev.straddle.runtime.Straddle;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code straddle} ({@code /actuator/straddle} once exposed): the runtime's
 * {@link Status} of the database against this build, read-only: every migration with its phase, the
 * schema state, whether this build is inside its window, the live registered instances and their
 * heads, and the problems the runner would refuse on.
 */
@Endpoint(id = "straddle")
public class StraddleEndpoint {

  private final Straddle straddle;

  public StraddleEndpoint(Straddle straddle) {
    this.straddle = straddle;
  }

  @ReadOperation
  public StatusDescriptor status() {
    Status status = straddle.status();
    return new StatusDescriptor(
        status.head(),
        status.insideWindow(),
        status.schemaState(),
        status.contractedThrough(),
        status.backfilledThrough(),
        status.migrations().stream().map(MigrationDescriptor::of).toList(),
        status.liveHeads(),
        status.instances().stream().map(InstanceDescriptor::of).toList(),
        status.problems().stream().map(Problem::toString).toList());
  }

  /** The endpoint's answer. */
  public record StatusDescriptor(
      int head,
      boolean insideWindow,
      String schemaState,
      Integer contractedThrough,
      Integer backfilledThrough,
      List<MigrationDescriptor> migrations,
      List<Integer> liveHeads,
      List<InstanceDescriptor> instances,
      List<String> problems) {}

  /** One migration: its phase as the history stores it (pending, expanded, ...). */
  public record MigrationDescriptor(
      int id,
      String description,
      String phase,
      boolean known,
      boolean checksumMatches,
      long backfillRows) {
    static MigrationDescriptor of(MigrationState m) {
      return new MigrationDescriptor(
          m.id(),
          m.description(),
          m.phase().stored(),
          m.known(),
          m.checksumMatches(),
          m.backfillRows());
    }
  }

  /** One live registered instance. */
  public record InstanceDescriptor(
      String id,
      int head,
      String host,
      long pid,
      String application,
      Instant startedAt,
      Instant heartbeatAt) {
    static InstanceDescriptor of(Instance i) {
      return new InstanceDescriptor(
          i.id().toString(),
          i.head(),
          i.host(),
          i.pid(),
          i.application(),
          i.startedAt(),
          i.heartbeatAt());
    }
  }
}
