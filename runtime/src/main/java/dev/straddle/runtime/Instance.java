package dev.straddle.runtime;

import java.time.Instant;
import java.util.UUID;

/**
 * One running application instance as registered in {@code straddle_instances} (see {@link
 * InstanceRegistry}).
 *
 * @param id random id chosen at registration
 * @param head the head of the build the instance runs
 * @param host the host name it reported
 * @param pid its process id ({@code -1} when unknown)
 * @param application the application name it reported, or {@code null}
 * @param startedAt when it registered
 * @param heartbeatAt its last heartbeat (database clock)
 * @param live whether the heartbeat is within the instance's expiry (database clock)
 */
public record Instance(
    UUID id,
    int head,
    String host,
    long pid,
    String application,
    Instant startedAt,
    Instant heartbeatAt,
    boolean live) {

  /** One line for messages: id, head, host, pid, application, last heartbeat. */
  public String describe() {
    return "instance "
        + id
        + " (head "
        + head
        + ", host "
        + host
        + (pid >= 0 ? ", pid " + pid : "")
        + (application == null || application.isEmpty() ? "" : ", application " + application)
        + (heartbeatAt == null ? "" : ", last heartbeat " + heartbeatAt)
        + ")";
  }
}
