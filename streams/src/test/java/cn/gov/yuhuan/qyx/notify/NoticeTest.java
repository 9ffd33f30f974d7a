package cn.gov.yuhuan.qyx.notify;

import static cn.gov.yuhuan.qyx.notify.Alerts.MARCH;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.AlertNotice;
import org.junit.jupiter.api.Test;

class NoticeTest {

  @Test
  void shouldCarryNoNoticeForARecordWhoseNoticeIsNone() {
    var muted = Alerts.lagging("C01", "FGJ", MARCH, AlertNotice.NONE).setMutedBy("silence S1").build();

    assertThat(Notice.of(muted)).isEmpty();
  }

  @Test
  void shouldKeyANoticeByAlertIdAndNotice() {
    var raised = Alerts.lagging("C01", "FGJ", MARCH, AlertNotice.RAISED).build();
    var resolved = Alerts.lagging("C01", "FGJ", MARCH, AlertNotice.RESOLVED).build();

    assertThat(Notice.of(raised).orElseThrow().id()).isEqualTo("C01|CITY|LAGGING|2024-03-31|RAISED");
    assertThat(Notice.of(resolved).orElseThrow().id()).isEqualTo("C01|CITY|LAGGING|2024-03-31|RESOLVED");
  }
}
