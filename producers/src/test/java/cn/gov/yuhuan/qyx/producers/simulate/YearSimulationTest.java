package cn.gov.yuhuan.qyx.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.Period;
import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.AreaLevel;
import cn.gov.yuhuan.qyx.reference.AreaScope;
import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YearSimulationTest {
  private static final Catalog CATALOG = Catalog.load(Path.of("../catalog/data"));
  private static final ReferenceData PLAN = ReferenceData.of(CATALOG);
  private static final LocalDate YEAR_END = LocalDate.of(2024, 12, 31);
  /** Late enough for every report of the year, December's and the overdue ones included. */
  private static final LocalDate ALL_IN = LocalDate.of(2025, 4, 30);
  private static final BigDecimal TWO_PERCENT = new BigDecimal("0.02");

  private static YearSimulation simulate(long seed, LocalDate until) {
    return YearSimulation.generate(CATALOG, seed, until, TWO_PERCENT);
  }

  @Test
  void shouldSendTheSameRecordsWithTheSameEventIdsAndTimesForTheSameSeedAndDate() {
    YearSimulation first = simulate(7, YEAR_END);
    YearSimulation second = simulate(7, YEAR_END);

    assertThat(first.sends()).isNotEmpty().isEqualTo(second.sends());
    assertThat(first.expectedActuals()).isEqualTo(second.expectedActuals());
    assertThat(first.counts()).isEqualTo(second.counts());
  }

  @Test
  void shouldSendOtherRecordsForAnotherSeed() {
    Set<String> seven = goodEventIds(simulate(7, YEAR_END));
    Set<String> eight = goodEventIds(simulate(8, YEAR_END));

    assertThat(seven).isNotEqualTo(eight);
    assertThat(simulate(7, YEAR_END).expectedActuals()).isNotEqualTo(simulate(8, YEAR_END).expectedActuals());
  }

  @Test
  void shouldSendNothingMadeAfterTheUntilDateAndExactlyWhatTheLongerRunSentUpToIt() {
    LocalDate june30 = LocalDate.of(2024, 6, 30);
    List<Send> halfYear = simulate(2024, june30).sends();

    assertThat(halfYear).isNotEmpty().allSatisfy(send -> {
      assertThat(day(send)).isBeforeOrEqualTo(june30);
      if (send instanceof Send.Good g) {
        assertThat(ZonedDateTime.ofInstant(g.report().getReportedAt(), ReportRules.PLAN_ZONE).toLocalDate()).isBeforeOrEqualTo(june30);
      }
    });
    assertThat(day(halfYear.get(halfYear.size() - 1))).isAfter(june30.minusDays(7)); // cut at the date, not before it
    // Cutting at a date does not change what came before it.
    assertThat(simulate(2024, YEAR_END).sends().stream().filter(s -> !day(s).isAfter(june30)).toList()).isEqualTo(halfYear);
  }

  @Test
  void shouldSendInTheOrderTheRecordsAreMade() {
    List<Send> sends = simulate(2024, YEAR_END).sends();

    for (int i = 1; i < sends.size(); i++) {
      assertThat(sends.get(i).sentAt()).isAfterOrEqualTo(sends.get(i - 1).sentAt());
    }
  }

  @ParameterizedTest
  @CsvSource({"2024, 2024-12-31", "7, 2025-04-30", "99, 2024-06-30"})
  void shouldOnlySendGoodReportsThatPassTheReportRulesOfTheRealCatalog(long seed, LocalDate until) {
    List<Send.Good> good = simulate(seed, until).sends().stream().filter(Send.Good.class::isInstance).map(Send.Good.class::cast).toList();

    assertThat(good).isNotEmpty().allSatisfy(g ->
        assertThat(ReportRules.check(g.report(), PLAN).rejection()).as(g.report().toString()).isEmpty());
  }

  @ParameterizedTest
  @CsvSource({"2024, 0.02", "7, 0.1", "99, 0.3"})
  void shouldSendEveryBadRecordSoThatItFailsForItsReason(long seed, BigDecimal badShare) {
    List<Send> bad = YearSimulation.generate(CATALOG, seed, ALL_IN, badShare).sends().stream().filter(s -> !(s instanceof Send.Good)).toList();

    assertThat(bad).isNotEmpty().allSatisfy(send -> {
      if (send instanceof Send.Bad b) {
        assertThat(ReportRules.check(b.report(), PLAN).rejection()).as(b.report().toString())
            .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(b.reason()));
      } else {
        Send.Garbled g = (Send.Garbled) send;
        byte[] value = g.value();
        if (g.reason() == RejectReason.UNKNOWN_SCHEMA) {
          assertThat(value[0]).as("magic byte of the registry's wire format").isZero();
          assertThat(value.length).isGreaterThan(5);
        } else {
          assertThat(g.reason()).isEqualTo(RejectReason.UNDECODABLE);
          assertThat(value[0]).as("not the wire format's magic byte").isNotZero();
        }
      }
    });
  }

  @Test
  void shouldSpreadBadRecordsOverManyReasons() {
    Set<RejectReason> reasons = YearSimulation.generate(CATALOG, 2024, ALL_IN, new BigDecimal("0.5")).counts().badByReason().keySet();

    assertThat(reasons).contains(RejectReason.UNDECODABLE, RejectReason.UNKNOWN_SCHEMA, RejectReason.UNKNOWN_INDICATOR,
        RejectReason.UNKNOWN_UNIT, RejectReason.AREA_NOT_IN_SCOPE, RejectReason.BAD_PERIOD, RejectReason.PERIOD_IN_FUTURE,
        RejectReason.NEGATIVE_VALUE, RejectReason.NUMERATOR_ABOVE_DENOMINATOR);
  }

  @Test
  void shouldNotGiveABadRecordTheEventIdOfAGoodOne() {
    YearSimulation simulation = YearSimulation.generate(CATALOG, 2024, ALL_IN, new BigDecimal("0.3"));
    Set<String> good = goodEventIds(simulation);

    assertThat(simulation.sends()).filteredOn(Send.Bad.class::isInstance)
        .allSatisfy(s -> assertThat(good).doesNotContain(((Send.Bad) s).report().getEventId()));
  }

  @Test
  void shouldReportEveryIndicatorForEveryAreaItsScopeAllowsAtItsCadence() {
    List<ProgressReport> firsts = simulate(2024, ALL_IN).sends().stream()
        .filter(s -> s instanceof Send.Good g && g.role() == Send.Role.FIRST).map(s -> ((Send.Good) s).report()).toList();
    Map<String, Set<String>> cells = firsts.stream()
        .collect(Collectors.groupingBy(ProgressReport::getIndicatorId, Collectors.mapping(r -> r.getAreaCode() + " " + r.getPeriod(), Collectors.toSet())));

    for (IndicatorDefinition indicator : CATALOG.indicators()) {
      if (indicator.getKind() == Kind.MILESTONE) {
        continue; // reported when done, if done
      }
      Set<String> expected = new HashSet<>();
      for (String area : areasInScope(indicator)) {
        for (String period : periodsOf(indicator)) {
          expected.add(area + " " + period);
        }
      }
      assertThat(cells.get(indicator.getId())).as(indicator.getId()).isEqualTo(expected);
    }
  }

  @Test
  void shouldKeepLateReportsCorrectionsRetractionsAndDuplicatesWithinSaneShares() {
    List<Send> sends = simulate(2024, YEAR_END).sends();
    List<ProgressReport> good = sends.stream().filter(Send.Good.class::isInstance).map(s -> ((Send.Good) s).report()).toList();
    List<ProgressReport> firsts = good.stream().filter(r -> r.getRevision() == 1).toList();
    Set<String> seen = new HashSet<>();
    long resent = good.stream().filter(r -> !seen.add(r.getEventId())).count();
    Set<String> revisions = good.stream().filter(r -> r.getRevision() > 1).map(ProgressReport::getEventId).collect(Collectors.toSet());
    long retractions = good.stream().filter(ProgressReport::getRetracted).map(ProgressReport::getEventId).distinct().count();
    long overdue = firsts.stream().filter(r -> {
      LocalDate closes = Period.parse(r.getPeriod()).orElseThrow().end();
      int grace = CATALOG.indicator(r.getIndicatorId()).orElseThrow().getGraceDays();
      return ZonedDateTime.ofInstant(r.getReportedAt(), ReportRules.PLAN_ZONE).toLocalDate().isAfter(closes.plusDays(grace));
    }).count();
    long bad = sends.size() - good.size();

    assertThat(share(overdue, firsts.size())).as("after the grace days").isBetween(0.01, 0.10);
    assertThat(share(revisions.size() - retractions, firsts.size())).as("corrections").isBetween(0.005, 0.06);
    assertThat(retractions).as("retractions").isPositive();
    assertThat(share(retractions, firsts.size())).as("retractions").isLessThan(0.02);
    assertThat(share(resent, good.size())).as("re-sent").isBetween(0.005, 0.05);
    assertThat(share(bad, sends.size())).as("bad").isBetween(0.015, 0.025);
    assertThat(good).filteredOn(r -> r.getRevision() > 1).allSatisfy(r -> assertThat(r.getCorrectionReason()).isNotBlank());
  }

  @ParameterizedTest
  @CsvSource({"0, 0, 0", "0.1, 0.09, 0.11", "0.5, 0.48, 0.52"})
  void shouldMakeTheGivenShareOfAllRecordsBad(BigDecimal badShare, double atLeast, double atMost) {
    List<Send> sends = YearSimulation.generate(CATALOG, 2024, YEAR_END, badShare).sends();
    long bad = sends.stream().filter(s -> !(s instanceof Send.Good)).count();

    assertThat(share(bad, sends.size())).isBetween(atLeast, atMost);
  }

  @Test
  void shouldRefuseABadShareOutsideZeroToOne() {
    assertThatThrownBy(() -> YearSimulation.generate(CATALOG, 1, YEAR_END, BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> YearSimulation.generate(CATALOG, 1, YEAR_END, new BigDecimal("-0.1"))).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"2024, 2024-06-30", "2024, 2024-12-31", "5, 2025-04-30", "11, 2024-03-15", "3, 2024-09-30"})
  void shouldExpectTheActualsThatAReplayOfTheGoodReportsGives(long seed, LocalDate until) {
    YearSimulation simulation = simulate(seed, until);

    assertThat(simulation.expectedActuals()).isNotEmpty().isEqualTo(replay(simulation.sends()));
    assertThat(simulation.expectedActuals().values()).allSatisfy(v -> assertThat(v.scale()).isEqualTo(4));
  }

  @Test
  void shouldCountWhatItSends() {
    YearSimulation simulation = simulate(2024, YEAR_END);
    var counts = simulation.counts();
    List<Send> sends = simulation.sends();

    assertThat(counts.total()).isEqualTo(sends.size());
    assertThat(counts.good()).isEqualTo(sends.stream().filter(Send.Good.class::isInstance).count());
    assertThat(counts.good()).isEqualTo(counts.firstReports() + counts.corrections() + counts.retractions() + counts.duplicates());
    assertThat(counts.badByReason().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(counts.bad());
    assertThat(counts.indicators()).isEqualTo(simulation.expectedActuals().size());
  }

  @Test
  void shouldEndTheYearWithSomeIndicatorsFarBehindAndSomeAheadOfTheirTarget() {
    Map<String, BigDecimal> actuals = simulate(2024, ALL_IN).expectedActuals();
    int behind = 0;
    int ahead = 0;
    for (IndicatorDefinition indicator : CATALOG.indicators()) {
      boolean hasTarget = !cn.gov.yuhuan.qyx.catalog.status.Targets.isMonitored(indicator);
      if ((indicator.getKind() == Kind.COUNT || indicator.getKind() == Kind.LEVEL) && hasTarget && actuals.containsKey(indicator.getId())) {
        double completion = actuals.get(indicator.getId()).doubleValue() / indicator.getTarget().doubleValue();
        behind += completion < 0.7 ? 1 : 0;
        ahead += completion > 1.05 ? 1 : 0;
      }
    }

    assertThat(behind).isGreaterThanOrEqualTo(2);
    assertThat(ahead).isGreaterThanOrEqualTo(2);
  }

  @Test
  void shouldKeepTheUnemploymentRateAroundItsCeilingOverDenominatorsOfThousands() {
    List<ProgressReport> unemployment = goodReports(simulate(2024, ALL_IN), "employment.urban_unemployment_rate");

    assertThat(unemployment).hasSizeGreaterThanOrEqualTo(4).allSatisfy(r -> {
      double percent = 100 * r.getNumerator().doubleValue() / r.getDenominator().doubleValue();
      assertThat(percent).isBetween(3.0, 6.5);
      assertThat(r.getDenominator().doubleValue()).isBetween(100.0, 10_000.0);
    });
  }

  // Only a ceiling the simulator makes lag or fall behind goes over it (one on track keeps under), about one seed in four.
  @Test
  void shouldBreachAnAtMostCeilingInSomeSeeds() {
    boolean breached = false;
    for (long seed = 1; seed <= 40 && !breached; seed++) {
      Map<String, BigDecimal> actuals = simulate(seed, ALL_IN).expectedActuals();
      for (IndicatorDefinition indicator : CATALOG.indicators()) {
        breached |= indicator.getDirection() == Direction.AT_MOST && actuals.containsKey(indicator.getId())
            && actuals.get(indicator.getId()).compareTo(indicator.getTarget()) > 0;
      }
    }
    assertThat(breached).isTrue();
  }

  @Test
  void shouldGiveTownshipsUnevenShares() {
    Map<String, BigDecimal> perTownship = new TreeMap<>();
    for (ProgressReport r : goodReports(simulate(2024, ALL_IN), "housing.rental_units")) {
      if (r.getRevision() == 1) {
        perTownship.merge(r.getAreaCode(), r.getValue(), BigDecimal::add);
      }
    }

    assertThat(perTownship).hasSize(10);
    BigDecimal max = perTownship.values().stream().max(BigDecimal::compareTo).orElseThrow();
    BigDecimal min = perTownship.values().stream().min(BigDecimal::compareTo).orElseThrow();
    assertThat(max).isGreaterThan(min.multiply(BigDecimal.valueOf(2)));
  }

  @Test
  void shouldReportMilestonesAsDoneOrNotDoneOnADayAndStagedDeliverablesStageByStage() {
    List<ProgressReport> milestones = simulate(2024, ALL_IN).sends().stream().filter(Send.Good.class::isInstance)
        .map(s -> ((Send.Good) s).report())
        .filter(r -> CATALOG.indicator(r.getIndicatorId()).orElseThrow().getKind() == Kind.MILESTONE).toList();

    assertThat(milestones).isNotEmpty().allSatisfy(r -> {
      int stages = CATALOG.indicator(r.getIndicatorId()).orElseThrow().getStages().size();
      if (stages == 0) {
        assertThat(r.getValue()).isIn(BigDecimal.ZERO.setScale(4), BigDecimal.ONE.setScale(4));
      } else {
        assertThat(r.getValue().intValueExact()).isBetween(1, stages);
      }
      assertThat(Period.parse(r.getPeriod()).orElseThrow().granularity()).isEqualTo(Period.Granularity.DAY);
    });
    // 全面推广电子劳动合同 (部署;推广;全面应用): its stages in order, one report each, on days that follow each other.
    List<ProgressReport> contracts = milestones.stream().filter(r -> r.getIndicatorId().equals("employment.electronic_labour_contracts"))
        .sorted(java.util.Comparator.comparing(ProgressReport::getPeriod)).toList();
    assertThat(contracts).extracting(r -> r.getValue().intValueExact()).isSubsetOf(1, 2, 3).isSorted().doesNotHaveDuplicates()
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void shouldMakeReportsInOfficeHoursOfSimulatedDaysNotTheWallClock() {
    assertThat(simulate(2024, ALL_IN).sends()).filteredOn(s -> s instanceof Send.Good g && g.role() != Send.Role.DUPLICATE)
        .allSatisfy(s -> {
          ZonedDateTime at = ZonedDateTime.ofInstant(s.sentAt(), ReportRules.PLAN_ZONE);
          assertThat(at.toLocalDate()).isBetween(LocalDate.of(2024, 1, 1), ALL_IN);
          assertThat(at.toLocalTime()).isBetween(LocalTime.of(8, 30), LocalTime.of(18, 0));
        });
  }

  /**
   * An independent replay: per data value the report with the highest revision, then the latest
   * reported_at, then the greatest event id; a retraction removes the value. COUNT sums every
   * standing value; LEVEL and MILESTONE add each area's latest period; RATIO divides the sums of
   * each area's latest numerator and denominator.
   */
  private static Map<String, BigDecimal> replay(List<Send> sends) {
    Map<String, ProgressReport> standing = new HashMap<>();
    for (Send send : sends) {
      if (send instanceof Send.Good g) {
        ProgressReport r = g.report();
        String key = r.getIndicatorId() + "/" + r.getAreaCode() + "/" + r.getPeriod();
        ProgressReport current = standing.get(key);
        if (current == null || beats(r, current)) {
          standing.put(key, r);
        }
      }
    }
    Map<String, BigDecimal> sums = new TreeMap<>();
    Map<String, ProgressReport> latestPerArea = new HashMap<>();
    for (ProgressReport r : standing.values()) {
      sums.putIfAbsent(r.getIndicatorId(), BigDecimal.ZERO);
      if (r.getRetracted()) {
        continue;
      }
      if (CATALOG.indicator(r.getIndicatorId()).orElseThrow().getKind() == Kind.COUNT) {
        sums.merge(r.getIndicatorId(), r.getValue(), BigDecimal::add);
      } else {
        latestPerArea.merge(r.getIndicatorId() + "/" + r.getAreaCode(), r, (a, b) -> later(a, b) ? a : b);
      }
    }
    Map<String, BigDecimal[]> fractions = new HashMap<>();
    for (ProgressReport r : latestPerArea.values()) {
      if (r.getNumerator() != null) {
        BigDecimal[] f = fractions.computeIfAbsent(r.getIndicatorId(), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        f[0] = f[0].add(r.getNumerator());
        f[1] = f[1].add(r.getDenominator());
      } else {
        sums.merge(r.getIndicatorId(), r.getValue(), BigDecimal::add);
      }
    }
    Map<String, BigDecimal> actuals = new TreeMap<>();
    sums.forEach((id, sum) -> {
      IndicatorDefinition indicator = CATALOG.indicator(id).orElseThrow();
      BigDecimal[] f = fractions.get(id);
      actuals.put(id, indicator.getKind() != Kind.RATIO ? sum.setScale(4, RoundingMode.HALF_UP)
          : f == null || f[1].signum() == 0 ? new BigDecimal("0.0000")
          : f[0].multiply(indicator.getScale()).divide(f[1], 4, RoundingMode.HALF_UP));
    });
    return actuals;
  }

  private static boolean beats(ProgressReport a, ProgressReport b) {
    if (a.getRevision() != b.getRevision()) {
      return a.getRevision() > b.getRevision();
    }
    if (!a.getReportedAt().equals(b.getReportedAt())) {
      return a.getReportedAt().isAfter(b.getReportedAt());
    }
    return a.getEventId().compareTo(b.getEventId()) > 0;
  }

  private static boolean later(ProgressReport a, ProgressReport b) {
    Period pa = Period.parse(a.getPeriod()).orElseThrow();
    Period pb = Period.parse(b.getPeriod()).orElseThrow();
    return pa.start().isAfter(pb.start()) || (pa.start().equals(pb.start()) && pa.end().isAfter(pb.end()));
  }

  private static List<String> areasInScope(IndicatorDefinition indicator) {
    AreaLevel level = indicator.getAreaScope() == AreaScope.CITY ? AreaLevel.CITY : AreaLevel.TOWNSHIP;
    return CATALOG.areas().stream().filter(a -> a.getLevel() == level).map(AreaDefinition::getCode).toList();
  }

  private static List<String> periodsOf(IndicatorDefinition indicator) {
    return switch (indicator.getCadence()) {
      case MONTHLY -> List.of("2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09",
          "2024-10", "2024-11", "2024-12");
      case QUARTERLY -> List.of("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4");
      case ANNUAL -> List.of("2024");
      default -> throw new AssertionError("a ONCE indicator that is no milestone: " + indicator.getId());
    };
  }

  private static List<ProgressReport> goodReports(YearSimulation simulation, String indicatorId) {
    return simulation.sends().stream().filter(Send.Good.class::isInstance).map(s -> ((Send.Good) s).report())
        .filter(r -> r.getIndicatorId().equals(indicatorId) && !r.getRetracted()).toList();
  }

  private static Set<String> goodEventIds(YearSimulation simulation) {
    return simulation.sends().stream().filter(Send.Good.class::isInstance).map(s -> ((Send.Good) s).report().getEventId())
        .collect(Collectors.toSet());
  }

  private static LocalDate day(Send send) {
    return ZonedDateTime.ofInstant(send.sentAt(), ReportRules.PLAN_ZONE).toLocalDate();
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
