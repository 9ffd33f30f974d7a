package cn.gov.yuhuan.qyx.notify;

import static cn.gov.yuhuan.qyx.notify.Alerts.APRIL;
import static cn.gov.yuhuan.qyx.notify.Alerts.MARCH;
import static cn.gov.yuhuan.qyx.notify.Alerts.notice;
import static cn.gov.yuhuan.qyx.notify.Alerts.raised;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.AlertNotice;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestTest {
  private final Notice c01 = raised("C01", "FGJ", MARCH);
  private final Notice c02 = raised("C02", "FGJ", MARCH);
  private final Notice c02Resolved = notice("C02", "FGJ", MARCH, AlertNotice.RESOLVED);

  @Test
  void shouldGiveTheSameIdToTheSameNoticesInAnyOrder() {
    Digest one = Digest.of("FGJ", MARCH, List.of(c01, c02, c02Resolved));
    Digest other = Digest.of("FGJ", MARCH, List.of(c02Resolved, c02, c01));

    assertThat(one.id()).isEqualTo(other.id()).hasSize(32).matches("[0-9a-f]{32}");
    assertThat(one).isEqualTo(other);
  }

  @Test
  void shouldGiveAnotherIdToOtherNoticesOrAnotherUnitOrDate() {
    String id = Digest.of("FGJ", MARCH, List.of(c01, c02)).id();

    assertThat(Digest.of("FGJ", MARCH, List.of(c01)).id()).isNotEqualTo(id);
    assertThat(Digest.idOf("JXJ", MARCH, List.of(c01, c02))).isNotEqualTo(id);
    assertThat(Digest.idOf("FGJ", APRIL, List.of(c01, c02))).isNotEqualTo(id);
  }

  @Test
  void shouldSortNoticesByIndicatorThenKindThenNotice() {
    Digest digest = Digest.of("FGJ", MARCH, List.of(c02Resolved, c02, c01));

    assertThat(digest.notices()).containsExactly(c01, c02, c02Resolved);   // RAISED before RESOLVED
    assertThat(digest.count(AlertNotice.RAISED)).isEqualTo(2);
    assertThat(digest.count(AlertNotice.RESOLVED)).isEqualTo(1);
  }
}
