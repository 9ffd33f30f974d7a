package cn.gov.yuhuan.qyx.streams.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AlertNotice;
import cn.gov.yuhuan.qyx.producers.simulate.Send;
import cn.gov.yuhuan.qyx.producers.simulate.YearSimulation;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What matters most to the units: a year in which every unit reports honestly and on schedule
 * must raise no alert for an indicator that is on track. The whole 2024 plan, simulated with every
 * report within its grace days, through the topology with a tick every day up to 30 April 2025
 * (the last late report); every alert raised for an indicator the simulator kept on track or ahead
 * is a false alarm, printed with what the row said.
 */
class PunctualYearAlarmsTest {
  private static final Catalog PLAN = Catalog.load(Path.of("../catalog/data"));
  private static final LocalDate LAST_DAY = LocalDate.of(2025, 4, 30);

  @TempDir Path stateDir;

  @Test
  void shouldRaiseNoAlertForAnIndicatorOnTrackWhenEveryUnitReportsOnSchedule() {
    YearSimulation year = YearSimulation.punctual(PLAN, 2024, 2024, LAST_DAY);
    assertThat(year.counts().overdue()).as("no report after its grace days").isZero();
    String[] ids = PLAN.indicators(2024).stream().map(IndicatorDefinition::getId).toArray(String[]::new);
    try (Timeline t = new Timeline(stateDir, Map.of(), PLAN, 1, ids)) {
      t.play(year.sends(), LAST_DAY).newAlerts();

      List<Alert> falseAlarms = t.allAlerts.stream()
          .filter(alert -> alert.getNotice() == AlertNotice.RAISED || alert.getMutedBy() != null)
          .filter(alert -> alert.getState().name().equals("FIRING"))
          .filter(alert -> year.onTrack().contains(alert.getIndicatorId()))
          .toList();
      System.out.printf("A punctual year: %d indicators on track of %d, %d alerts raised in all, %d of them for indicators on track%n",
          year.onTrack().size(), ids.length, t.allAlerts.stream().filter(a -> a.getState().name().equals("FIRING")).count(),
          falseAlarms.size());
      falseAlarms.forEach(alert -> System.out.printf("  false alarm: %s %s on %s: status %s, actual %s, expected %s, gap %s%n",
          alert.getIndicatorId(), alert.getKind(), alert.getAsOf(), alert.getStatus(), alert.getActual(), alert.getExpected(),
          alert.getGap()));
      assertThat(falseAlarms).extracting(alert -> alert.getIndicatorId() + " " + alert.getKind() + " " + alert.getAsOf())
          .as("alerts for indicators the units kept on track").isEmpty();
    }
  }
}
