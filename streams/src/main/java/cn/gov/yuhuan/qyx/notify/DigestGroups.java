package cn.gov.yuhuan.qyx.notify;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * Notices waiting to be sent, grouped per (lead unit, as-of), as Alertmanager's {@code group_wait}:
 * a group is due once the wait has passed since its first notice arrived, so the notices one
 * evaluation writes for a unit go out as one digest. It also knows which offsets are still waiting,
 * so the notifier never commits past a notice it has not sent.
 *
 * <p>A digest taken for sending is frozen until {@link #sent()}: retries carry exactly the same
 * notices under the same digest id, and notices that arrive meanwhile start a new group.
 */
final class DigestGroups {
  private record Key(String leadUnit, LocalDate asOf) {}

  /** Notices of one key, with the lowest offset each source partition still needs kept. */
  private static final class Group {
    final long firstArrivalMs;
    final Map<String, Notice> notices = new LinkedHashMap<>();
    final Map<TopicPartition, Long> lowestOffsets = new HashMap<>();

    Group(long firstArrivalMs) {
      this.firstArrivalMs = firstArrivalMs;
    }

    void hold(TopicPartition partition, long offset) {
      lowestOffsets.merge(partition, offset, Math::min);
    }
  }

  private record InFlight(Digest digest, Map<TopicPartition, Long> lowestOffsets) {}

  private final long waitMs;
  // Insertion order is arrival order: the group that has waited longest is sent first.
  private final Map<Key, Group> waiting = new LinkedHashMap<>();
  private InFlight inFlight;

  DigestGroups(long waitMs) {
    this.waitMs = waitMs;
  }

  /**
   * Adds a notice read at {@code offset} of {@code partition}. A notice already waiting or in
   * flight is not added twice, but its offset is held all the same.
   */
  void add(Notice notice, TopicPartition partition, long offset, long nowMs) {
    if (inFlight != null && inFlight.digest().notices().stream().anyMatch(n -> n.id().equals(notice.id()))) {
      inFlight.lowestOffsets().merge(partition, offset, Math::min);
      return;
    }
    Group group = waiting.computeIfAbsent(new Key(notice.leadUnit(), notice.asOf()), k -> new Group(nowMs));
    group.notices.putIfAbsent(notice.id(), notice);
    group.hold(partition, offset);
  }

  /**
   * The digest to send now, if any: the one in flight, or else the longest-waiting group whose
   * wait has passed, made of its notices not {@code alreadySent}. A due group with none left is
   * dropped without a digest; its offsets no longer hold anything back.
   */
  Optional<Digest> due(long nowMs, Predicate<String> alreadySent) {
    if (inFlight != null) {
      return Optional.of(inFlight.digest());
    }
    for (Iterator<Map.Entry<Key, Group>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Group> entry = it.next();
      Group group = entry.getValue();
      if (nowMs - group.firstArrivalMs < waitMs) {
        continue;
      }
      it.remove();
      List<Notice> unsent = group.notices.values().stream().filter(n -> !alreadySent.test(n.id())).toList();
      if (!unsent.isEmpty()) {
        inFlight = new InFlight(Digest.of(entry.getKey().leadUnit(), entry.getKey().asOf(), unsent), group.lowestOffsets);
        return Optional.of(inFlight.digest());
      }
    }
    return Optional.empty();
  }

  /** The digest in flight was delivered: its offsets no longer hold anything back. */
  void sent() {
    inFlight = null;
  }

  /** Forgets everything, e.g. when partitions are revoked: it will be read again from committed offsets. */
  void clear() {
    waiting.clear();
    inFlight = null;
  }

  boolean isEmpty() {
    return waiting.isEmpty() && inFlight == null;
  }

  /** Digests not sent yet (waiting for their group to fill, or for the receiver), the one in flight included. */
  int pending() {
    return waiting.size() + (inFlight == null ? 0 : 1);
  }

  /**
   * Offsets that are safe to commit: per partition, the lowest offset still waiting in an unsent
   * group or in flight, or else the consumer's position.
   *
   * @param positions the consumer's position per assigned partition
   */
  Map<TopicPartition, Long> safeOffsets(Map<TopicPartition, Long> positions) {
    Map<TopicPartition, Long> safe = new HashMap<>(positions);
    List<Map<TopicPartition, Long>> holds = new ArrayList<>();
    waiting.values().forEach(g -> holds.add(g.lowestOffsets));
    if (inFlight != null) {
      holds.add(inFlight.lowestOffsets());
    }
    for (Map<TopicPartition, Long> hold : holds) {
      hold.forEach((partition, offset) -> safe.computeIfPresent(partition, (p, position) -> Math.min(position, offset)));
    }
    return safe;
  }
}
