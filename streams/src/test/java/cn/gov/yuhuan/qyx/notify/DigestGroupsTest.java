package cn.gov.yuhuan.qyx.notify;

import static cn.gov.yuhuan.qyx.notify.Alerts.APRIL;
import static cn.gov.yuhuan.qyx.notify.Alerts.MARCH;
import static cn.gov.yuhuan.qyx.notify.Alerts.raised;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DigestGroupsTest {
  private static final long WAIT = 2000;
  private static final TopicPartition P0 = new TopicPartition("qyx.alerts.v1", 0);
  private static final TopicPartition P1 = new TopicPartition("qyx.alerts.v1", 1);
  private static final Predicate<String> NOTHING_SENT = id -> false;

  private final DigestGroups groups = new DigestGroups(WAIT);

  @Test
  void shouldMakeOneDigestPerLeadUnitAndAsOf() {
    groups.add(raised("C01", "FGJ", MARCH), P0, 10, 0);
    groups.add(raised("C02", "JXJ", MARCH), P1, 20, 0);   // another unit: its own digest
    groups.add(raised("C03", "FGJ", MARCH), P1, 21, 0);   // same unit and date as C01: joins it
    groups.add(raised("C01", "FGJ", APRIL), P0, 11, 0);   // same unit, next evaluation: its own digest

    List<Digest> digests = drain(WAIT, NOTHING_SENT);

    assertThat(digests).extracting(d -> d.leadUnit() + "@" + d.asOf() + ":" + d.notices().stream().map(Notice::indicatorId).toList())
        .containsExactly("FGJ@2024-03-31:[C01, C03]", "JXJ@2024-03-31:[C02]", "FGJ@2024-04-30:[C01]");
    assertThat(groups.isEmpty()).isTrue();
  }

  @Test
  void shouldSendAGroupOnlyOnceTheWaitHasPassedSinceItsFirstNotice() {
    groups.add(raised("C01", "FGJ", MARCH), P0, 10, 1_000);
    groups.add(raised("C02", "FGJ", MARCH), P0, 11, 2_500);  // a later notice does not extend the wait

    assertThat(groups.due(2_999, NOTHING_SENT)).isEmpty();
    Optional<Digest> due = groups.due(3_000, NOTHING_SENT);

    assertThat(due).get().extracting(d -> d.notices().size()).isEqualTo(2);
  }

  @Test
  void shouldLeaveOutANoticeAlreadySent() {
    Notice sent = raised("C01", "FGJ", MARCH);
    Notice unsent = raised("C02", "FGJ", MARCH);
    groups.add(sent, P0, 10, 0);
    groups.add(unsent, P0, 11, 0);

    Digest digest = groups.due(WAIT, Set.of(sent.id())::contains).orElseThrow();

    assertThat(digest.notices()).containsExactly(unsent);
    assertThat(digest.id()).isEqualTo(Digest.of("FGJ", MARCH, List.of(unsent)).id());
  }

  @Test
  void shouldNotSendADigestWhenEveryNoticeWasSentAndThenHoldNoOffset() {
    Notice sent = raised("C01", "FGJ", MARCH);
    groups.add(sent, P0, 10, 0);

    assertThat(groups.due(WAIT, Set.of(sent.id())::contains)).isEmpty();
    assertThat(groups.isEmpty()).isTrue();
    assertThat(groups.safeOffsets(Map.of(P0, 42L))).containsEntry(P0, 42L);
  }

  @Test
  void shouldAddANoticeReadTwiceOnlyOnceAndHoldItsFirstOffset() {
    groups.add(raised("C01", "FGJ", MARCH), P0, 10, 0);
    groups.add(raised("C01", "FGJ", MARCH), P0, 30, 0);   // the same record replayed at a new offset

    assertThat(groups.safeOffsets(Map.of(P0, 31L))).containsEntry(P0, 10L);
    assertThat(groups.due(WAIT, NOTHING_SENT).orElseThrow().notices()).hasSize(1);
  }

  @Test
  void shouldRetryTheSameDigestWhileLaterNoticesStartAGroupOfTheirOwn() {
    groups.add(raised("C01", "FGJ", MARCH), P0, 10, 0);
    Digest first = groups.due(WAIT, NOTHING_SENT).orElseThrow();   // taken; say its POST fails

    groups.add(raised("C02", "FGJ", MARCH), P0, 11, WAIT + 1);  // arrives while it is retried
    groups.add(raised("C01", "FGJ", MARCH), P0, 12, WAIT + 1);  // a replay of what is in flight

    assertThat(groups.due(10 * WAIT, NOTHING_SENT)).contains(first);
    groups.sent();
    Digest second = groups.due(10 * WAIT, NOTHING_SENT).orElseThrow();
    assertThat(second.notices()).extracting(Notice::indicatorId).containsExactly("C02");
  }

  @Test
  void shouldCommitNoFurtherThanTheLowestOffsetStillWaitingPerPartition() {
    groups.add(raised("C01", "FGJ", MARCH), P0, 10, 0);
    groups.add(raised("C02", "JXJ", MARCH), P0, 7, 0);
    groups.add(raised("C03", "JXJ", MARCH), P1, 3, 0);
    Map<TopicPartition, Long> positions = Map.of(P0, 50L, P1, 60L);

    assertThat(groups.safeOffsets(positions)).isEqualTo(Map.of(P0, 7L, P1, 3L));

    groups.due(WAIT, NOTHING_SENT).orElseThrow();   // FGJ in flight: still held
    assertThat(groups.safeOffsets(positions)).isEqualTo(Map.of(P0, 7L, P1, 3L));
    groups.sent();
    Digest jxj = groups.due(WAIT, NOTHING_SENT).orElseThrow();   // FGJ sent, JXJ in flight
    assertThat(jxj.leadUnit()).isEqualTo("JXJ");
    assertThat(groups.safeOffsets(positions)).isEqualTo(Map.of(P0, 7L, P1, 3L));
    groups.sent();
    assertThat(groups.safeOffsets(positions)).isEqualTo(positions);   // nothing waits: the positions
  }

  @Test
  void shouldHoldAPendingDigestsOffsetButNotThoseOfASentOne() {
    groups.add(raised("C01", "FGJ", MARCH), P0, 5, 0);
    groups.due(WAIT, NOTHING_SENT).orElseThrow();
    groups.sent();
    groups.add(raised("C02", "JXJ", APRIL), P0, 9, WAIT);   // pending, not due yet

    assertThat(groups.safeOffsets(Map.of(P0, 12L, P1, 4L))).isEqualTo(Map.of(P0, 9L, P1, 4L));
  }

  private List<Digest> drain(long now, Predicate<String> sent) {
    List<Digest> digests = new ArrayList<>();
    for (Optional<Digest> due = groups.due(now, sent); due.isPresent(); due = groups.due(now, sent)) {
      digests.add(due.get());
      groups.sent();
    }
    return digests;
  }
}
