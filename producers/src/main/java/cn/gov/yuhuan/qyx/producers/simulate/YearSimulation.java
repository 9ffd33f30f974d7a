package cn.gov.yuhuan.qyx.producers.simulate;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.Period;
import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * A simulated plan year: the reports the units would send from 2024-01-01 up to a date, in the
 * order they would send them, and what the pipeline must show once they have landed.
 *
 * <p>Every indicator of the catalog is reported for every area its scope allows (CITY, or each of
 * the ten townships with an uneven share of the work), at its cadence, by its lead unit: a month's
 * figure in the first days of the next month, a quarter's after the quarter, a year's at year end, a
 * milestone on the day it is done. COUNTs add up to around their target by year end (a few far
 * behind, some lagging, a few ahead), LEVELs rise towards it, RATIOs approach it over realistic
 * denominators (a ceiling hovers near its limit and sometimes breaches it), milestones are done
 * before the deadline or not at all. Some units are late, some past the grace days; some correct a
 * figure (revision 2, with a reason), a few withdraw one, some re-send an event; and a share of
 * records is bad in one of the ways the pipeline dead-letters.
 *
 * <p>Deterministic: the same catalog, seed and date give the same records, event ids and
 * reporting times; no wall clock is read. The stream for an earlier date is a prefix of the stream
 * for a later one.
 */
public final class YearSimulation {
  /** The last day of the plan year. December's and Q4's reports are made in January, after it; by 2025-04-30 every report is made. */
  public static final LocalDate DEFAULT_UNTIL = LocalDate.of(2024, 12, 31);
  public static final BigDecimal DEFAULT_BAD_SHARE = new BigDecimal("0.02");

  private final List<Send> sends;
  private final SortedMap<String, BigDecimal> expectedActuals;
  private final Counts counts;
  private final Set<String> onTrack;

  private YearSimulation(List<Send> sends, SortedMap<String, BigDecimal> expectedActuals, Counts counts, Set<String> onTrack) {
    this.sends = sends;
    this.expectedActuals = expectedActuals;
    this.counts = counts;
    this.onTrack = onTrack;
  }

  /**
   * The records sent up to the end of {@code until} (Yuhuan time).
   *
   * @param badShare the share of all records sent that are bad, in [0, 1)
   * @throws IllegalArgumentException if {@code badShare} is outside [0, 1)
   */
  public static YearSimulation generate(Catalog catalog, long seed, LocalDate until, BigDecimal badShare) {
    return generate(catalog, catalog.latestPlanYear(), seed, until, badShare);
  }

  /** The same for one plan year of the catalog: its indicators, its periods, sent from its first day. */
  public static YearSimulation generate(Catalog catalog, int planYear, long seed, LocalDate until, BigDecimal badShare) {
    Objects.requireNonNull(until, "until");
    if (badShare.signum() < 0 || badShare.compareTo(BigDecimal.ONE) >= 0) {
      throw new IllegalArgumentException("--bad-share " + badShare.toPlainString() + " must be at least 0 and below 1");
    }
    return generate(new YearGenerator(catalog, planYear, seed, false), catalog, planYear, until, badShare);
  }

  /**
   * A year in which every unit reports honestly and within its grace days, with no bad records:
   * the same figures as {@link #generate}, none of them overdue. What the pipeline raises for the
   * indicators {@link #onTrack} names on such a year is a false alarm.
   */
  public static YearSimulation punctual(Catalog catalog, int planYear, long seed, LocalDate until) {
    return generate(new YearGenerator(catalog, planYear, seed, true), catalog, planYear, until, BigDecimal.ZERO);
  }

  private static YearSimulation generate(YearGenerator generator, Catalog catalog, int planYear, LocalDate until,
      BigDecimal badShare) {
    List<Send> year = generator.generate(badShare);
    List<Send> sent = year.stream().filter(s -> !YearGenerator.dayOf(s.sentAt()).isAfter(until)).toList();
    Set<String> onTrack = new TreeSet<>();
    for (var indicator : catalog.indicators(planYear)) {
      YearGenerator.Pace pace = generator.pace(indicator.getId());
      if (pace == YearGenerator.Pace.ON_TRACK || pace == YearGenerator.Pace.AHEAD) {
        onTrack.add(indicator.getId());
      }
    }
    return new YearSimulation(sent, ExpectedProgress.of(catalog, planYear, sent), Counts.of(catalog, sent),
        Collections.unmodifiableSet(onTrack));
  }

  /** The simulated day (Yuhuan time) a record is sent on. */
  public static LocalDate sentOn(Send send) {
    return YearGenerator.dayOf(send.sentAt());
  }

  /** Every record, good and bad, in the order it is sent. */
  public List<Send> sends() {
    return sends;
  }

  /**
   * Per indicator with a good report, the city-wide {@code actual} that
   * {@code qyx.indicator_progress} must show once everything has landed, at four decimals.
   */
  public SortedMap<String, BigDecimal> expectedActuals() {
    return expectedActuals;
  }

  public Counts counts() {
    return counts;
  }

  /** The indicators the simulator keeps on track or ahead all year (the others it makes lag or fall far behind). */
  public Set<String> onTrack() {
    return onTrack;
  }

  /**
   * What was sent, counted.
   *
   * @param good reports the pipeline counts (first reports, corrections, retractions, duplicates)
   * @param bad records it must dead-letter
   * @param firstReports good reports of revision 1
   * @param corrections revisions above 1 that replace a figure
   * @param retractions revisions that withdraw one
   * @param duplicates good events sent again
   * @param overdue first reports made after their period closed and its grace days passed
   * @param badByReason bad records per reason the pipeline must give
   * @param indicators indicators with a good report
   * @param firstDay the day of the first record, null if none
   * @param lastDay the day of the last record, null if none
   */
  public record Counts(int good, int bad, int firstReports, int corrections, int retractions, int duplicates, int overdue,
      Map<RejectReason, Integer> badByReason, int indicators, LocalDate firstDay, LocalDate lastDay) {

    public int total() {
      return good + bad;
    }

    static Counts of(Catalog catalog, List<Send> sends) {
      int good = 0;
      int firstReports = 0;
      int corrections = 0;
      int retractions = 0;
      int duplicates = 0;
      int overdue = 0;
      Map<RejectReason, Integer> badByReason = new EnumMap<>(RejectReason.class);
      Set<String> indicators = new HashSet<>();
      for (Send send : sends) {
        if (send instanceof Send.Good g) {
          good++;
          indicators.add(g.report().getIndicatorId());
          switch (g.role()) {
            case FIRST -> {
              firstReports++;
              if (isOverdue(catalog, g.report())) {
                overdue++;
              }
            }
            case CORRECTION -> corrections++;
            case RETRACTION -> retractions++;
            case DUPLICATE -> duplicates++;
          }
        } else if (send instanceof Send.Bad b) {
          badByReason.merge(b.reason(), 1, Integer::sum);
        } else if (send instanceof Send.Garbled g) {
          badByReason.merge(g.reason(), 1, Integer::sum);
        }
      }
      int bad = badByReason.values().stream().mapToInt(Integer::intValue).sum();
      LocalDate first = sends.isEmpty() ? null : YearGenerator.dayOf(sends.get(0).sentAt());
      LocalDate last = sends.isEmpty() ? null : YearGenerator.dayOf(sends.get(sends.size() - 1).sentAt());
      return new Counts(good, bad, firstReports, corrections, retractions, duplicates, overdue,
          Collections.unmodifiableMap(badByReason), indicators.size(), first, last);
    }

    private static boolean isOverdue(Catalog catalog, ProgressReport report) {
      int graceDays = catalog.indicator(report.getIndicatorId(), Period.parse(report.getPeriod()).orElseThrow().start().getYear(), null)
          .orElseThrow().getGraceDays();
      LocalDate closes = Period.parse(report.getPeriod()).orElseThrow().end();
      return YearGenerator.dayOf(report.getReportedAt()).isAfter(closes.plusDays(graceDays));
    }
  }
}
