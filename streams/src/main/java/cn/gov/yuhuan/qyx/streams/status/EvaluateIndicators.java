package cn.gov.yuhuan.qyx.streams.status;

import cn.gov.yuhuan.qyx.catalog.Period;
import cn.gov.yuhuan.qyx.catalog.PlanYears;
import cn.gov.yuhuan.qyx.catalog.status.Ramp;
import cn.gov.yuhuan.qyx.catalog.status.Targets;
import cn.gov.yuhuan.qyx.catalog.status.StatusRules;
import cn.gov.yuhuan.qyx.catalog.status.StatusRules.Evaluation;
import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import cn.gov.yuhuan.qyx.state.AreaState;
import cn.gov.yuhuan.qyx.state.IndicatorInput;
import cn.gov.yuhuan.qyx.state.IndicatorState;
import cn.gov.yuhuan.qyx.state.TickBarrier;
import cn.gov.yuhuan.qyx.streams.StatusSettings;
import cn.gov.yuhuan.qyx.streams.internals.AreaStates;
import cn.gov.yuhuan.qyx.streams.internals.GlobalReferenceData;
import cn.gov.yuhuan.qyx.streams.internals.Plausibility;
import cn.gov.yuhuan.qyx.streams.internals.Progress;
import cn.gov.yuhuan.qyx.streams.status.StatusOutput.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The indicator stage: everything about one indicator, in the one task that owns it. Values come
 * keyed by indicator id, each stamped with the as-of date it counts from; marks say that a
 * partition of the event log has passed a tick. Per value it touches one area's state (the
 * standing report of each of its periods) and the indicator's sums and alert tracks: the work does
 * not grow with earlier reports, revisions or ticks.
 *
 * <p>An as-of date <em>opens</em> here once every partition of the event log has passed its tick:
 * then no value counting from an earlier date can still come (a partition sends in order), so the
 * day before is final. Opening a date judges every indicator of the task on what counted before
 * it (its alerts, and its first row of the day); values counting from a date not yet open wait in
 * {@value #HELD_STORE} until it opens. So each as-of date is judged on exactly the values read
 * before its tick, whatever the speed of each partition, and a replay writes the same history and
 * the same alerts.
 */
public final class EvaluateIndicators implements Processor<String, IndicatorInput, String, StatusOutput> {
  /** Store of the standing report of every period per indicator × area. */
  public static final String AREA_STATES_STORE = "area-states";
  /** Store of each indicator's sums and alert tracks. */
  public static final String INDICATOR_STATES_STORE = "indicator-states";
  /** Store of the task's {@link TickBarrier}. */
  public static final String BARRIER_STORE = "tick-barrier";
  /** Store of values waiting for the as-of date they count from to open, keyed {@code as_of|sequence}. */
  public static final String HELD_STORE = "held-values";

  private static final String BARRIER_KEY = "barrier";
  /** How often rows written since the last flush go out; a commit under exactly-once is every 100 ms. */
  private static final Duration FLUSH_EVERY = Duration.ofMillis(100);
  /** Rows kept before a flush at most, whatever the time. */
  private static final int FLUSH_AT = 10_000;

  private final StatusRules rules;
  private final AlertTracks alertTracks;
  private final Plausibility plausibility;
  private final int eventLogPartitions;
  private final LatestRows latestRows = new LatestRows();
  private ProcessorContext<String, StatusOutput> context;
  private KeyValueStore<String, AreaState> areaStates;
  private KeyValueStore<String, IndicatorState> indicatorStates;
  private KeyValueStore<String, TickBarrier> barriers;
  private KeyValueStore<String, IndicatorInput> held;
  private GlobalReferenceData reference;
  private boolean republished;
  /**
   * The task's barrier and indicator states as objects, read from their stores once and written
   * through on every change: both are touched by every value, and decoding them each time was a
   * tenth of the stage's work. Made anew in {@link #init}, which Kafka Streams calls again whenever
   * it wipes or restores the task's stores, so they never outlive what the stores hold.
   */
  private TickBarrier taskBarrier;
  private Map<String, IndicatorState> indicatorStateCache;

  private EvaluateIndicators(StatusSettings settings) {
    this.rules = settings.rules();
    this.alertTracks = new AlertTracks(settings.alertForEvaluations(), settings.alertStretch());
    this.plausibility = settings.plausibility();
    this.eventLogPartitions = settings.eventLogPartitions();
  }

  public static ProcessorSupplier<String, IndicatorInput, String, StatusOutput> supplier(StatusSettings settings) {
    return () -> new EvaluateIndicators(settings);
  }

  @Override
  public void init(ProcessorContext<String, StatusOutput> context) {
    this.context = context;
    this.areaStates = context.getStateStore(AREA_STATES_STORE);
    this.indicatorStates = context.getStateStore(INDICATOR_STATES_STORE);
    this.barriers = context.getStateStore(BARRIER_STORE);
    this.held = context.getStateStore(HELD_STORE);
    this.taskBarrier = null;
    this.indicatorStateCache = new HashMap<>();
    this.reference = new GlobalReferenceData(context::getStateStore);
    context.schedule(FLUSH_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> {
      republishOnce(now);
      latestRows.flushTo(context);
    });
  }

  @Override
  public void process(Record<String, IndicatorInput> record) {
    IndicatorInput input = record.value();
    if (input == null) {
      return;
    }
    republishOnce(record.timestamp());
    TickBarrier barrier = barrier();
    if (input.getPassed() != null) {
      onMark(barrier, input.getSourcePartition(), input.getPassed(), record.timestamp());
      barriers.put(BARRIER_KEY, barrier);
    } else if (input.getCountsFrom() != null && (barrier.getOpen() == null || input.getCountsFrom().isAfter(barrier.getOpen()))) {
      // It counts from a date some partition has not passed yet: judging that day's eve must not see it.
      held.put(heldKey(input.getCountsFrom(), barrier.getHeld()), input);
      barrier.setHeld(barrier.getHeld() + 1);
      barriers.put(BARRIER_KEY, barrier);
    } else {
      apply(input.getValue(), barrier.getOpen(), record.timestamp());
    }
    if (latestRows.size() >= FLUSH_AT) {
      latestRows.flushTo(context);
    }
  }

  /** One partition of the event log has passed the tick of {@code asOf}: open every date all partitions have passed. */
  private void onMark(TickBarrier barrier, int partition, LocalDate asOf, long timestamp) {
    barrier.getPassed().merge(String.valueOf(partition), asOf, (a, b) -> a.isAfter(b) ? a : b);
    boolean opened = barrier.getOpen() != null && !asOf.isAfter(barrier.getOpen());
    if (!opened && !barrier.getPending().contains(asOf)) {
      var pending = new TreeSet<>(barrier.getPending());
      pending.add(asOf);
      barrier.setPending(new ArrayList<>(pending));
    }
    Optional<LocalDate> passedByAll = passedByAll(barrier);
    while (passedByAll.isPresent() && !barrier.getPending().isEmpty() && !barrier.getPending().get(0).isAfter(passedByAll.get())) {
      LocalDate date = barrier.getPending().remove(0);
      open(barrier, date, timestamp);
    }
  }

  /** The latest date every partition of the event log has passed, or empty while one has passed none. */
  private Optional<LocalDate> passedByAll(TickBarrier barrier) {
    LocalDate least = null;
    for (int p = 0; p < eventLogPartitions; p++) {
      LocalDate passed = barrier.getPassed().get(String.valueOf(p));
      if (passed == null) {
        return Optional.empty();
      }
      least = least == null || passed.isBefore(least) ? passed : least;
    }
    return Optional.ofNullable(least);
  }

  /**
   * Opens {@code asOf}: the day before is final, so its rows go out; every indicator of this task
   * is judged at the new date on what counted before it (alerts move once per date); then the
   * values held for this date are applied.
   */
  private void open(TickBarrier barrier, LocalDate asOf, long timestamp) {
    latestRows.flushTo(context);
    barrier.setOpen(asOf);
    List<Silence> silences = GlobalReferenceData.silences(context::getStateStore);
    for (Map.Entry<String, Optional<IndicatorDefinition>> plan : plansOfThisTask(asOf).entrySet()) {
      String planKey = plan.getKey();
      if (plan.getValue().isEmpty()) {
        // The indicator left the catalog: so do its sums and its row.
        indicatorStates.delete(planKey);
        indicatorStateCache.remove(planKey);
        latestRows.put(new Record<>(planKey, new StatusOutput(Target.PROGRESS, null), timestamp));
        continue;
      }
      IndicatorDefinition indicator = plan.getValue().get();
      IndicatorState state = indicatorState(planKey);
      if (state == null) {
        state = Progress.emptyIndicator(indicator.getId(), PlanYears.of(indicator));
      }
      Judged judged = judge(state, indicator, asOf, true);
      String unitName = reference.unit(indicator.getLeadUnit()).map(UnitDefinition::getName).orElse(indicator.getLeadUnit());
      var subject = new AlertTracks.Subject(indicator, unitName, judged.row(), judged.evaluation());
      for (Alert alert : alertTracks.advance(state.getAlerts(), subject, silences)) {
        context.forward(new Record<>(alert.getAlertId(), new StatusOutput(Target.ALERT, alert), timestamp));
      }
      writeRows(planKey, judged.row(), timestamp);
      putIndicatorState(state);
    }
    List<KeyValue<String, IndicatorInput>> release = new ArrayList<>();
    try (KeyValueIterator<String, IndicatorInput> waiting = held.range(asOf + "|", asOf + "}")) {
      waiting.forEachRemaining(release::add);
    }
    for (KeyValue<String, IndicatorInput> value : release) {
      held.delete(value.key);
      apply(value.value.getValue(), asOf, timestamp);
    }
  }

  /** Applies one accepted value: its area's standing report of the period, then the indicator's sums and row in its plan year. */
  private void apply(DataValue value, LocalDate asOf, long timestamp) {
    int planYear = PlanYears.of(value);
    Optional<IndicatorDefinition> found = reference.indicator(value.getIndicatorId(), planYear, asOf);
    if (found.isEmpty()) {
      return; // the indicator left the catalog after the report was checked
    }
    IndicatorDefinition indicator = found.get();
    String areaKey = PlanKeys.planArea(value.getIndicatorId(), planYear, value.getAreaCode());
    AreaState before = areaStates.get(areaKey);
    Optional<AreaState> after = AreaStates.apply(before != null ? before : AreaStates.empty(value.getIndicatorId(), planYear, value.getAreaCode()), value);
    if (after.isEmpty()) {
      return; // a re-send, or a revision the standing one outranks
    }
    areaStates.put(areaKey, after.get());
    AreaProgress oldArea = before == null ? null : Progress.ofArea(before, indicator, plausibility);
    AreaProgress newArea = Progress.ofArea(after.get(), indicator, plausibility);
    latestRows.put(new Record<>(areaKey, new StatusOutput(Target.AREA, newArea), timestamp));

    String planKey = PlanKeys.planIndicator(indicator.getId(), planYear);
    IndicatorState state = indicatorState(planKey);
    if (state == null) {
      state = Progress.emptyIndicator(indicator.getId(), planYear);
    }
    Progress.replaceArea(state, oldArea, newArea);
    IndicatorProgress row = asOf == null
        ? IndicatorProgress.newBuilder(Progress.ofIndicator(state, indicator)).setVersion(nextVersion(state)).build()
        : judge(state, indicator, asOf, true).row();
    writeRows(planKey, row, timestamp);
    putIndicatorState(state);
  }

  private IndicatorState indicatorState(String planKey) {
    return indicatorStateCache.computeIfAbsent(planKey, indicatorStates::get);
  }

  private void putIndicatorState(IndicatorState state) {
    String planKey = PlanKeys.planIndicator(state.getIndicatorId(), state.getPlanYear());
    indicatorStates.put(planKey, state);
    indicatorStateCache.put(planKey, state);
  }

  /** The current row, and while a date is open, that date's row of status history. */
  private void writeRows(String planKey, IndicatorProgress row, long timestamp) {
    latestRows.put(new Record<>(planKey, new StatusOutput(Target.PROGRESS, row), timestamp));
    if (row.getAsOf() != null) {
      latestRows.put(new Record<>(historyKey(planKey, row.getAsOf()), new StatusOutput(Target.HISTORY, row), timestamp));
    }
  }

  /**
   * After a start, the rows a crash or a rebalance may have kept from going out (they wait in
   * memory between commits) are written again from the stores, with the versions they had.
   */
  private void republishOnce(long timestamp) {
    if (republished) {
      return;
    }
    republished = true;
    LocalDate asOf = barrier().getOpen();
    try (KeyValueIterator<String, AreaState> areas = areaStates.all()) {
      areas.forEachRemaining(area -> reference.indicator(area.value.getIndicatorId(), area.value.getPlanYear(), asOf).ifPresent(indicator ->
          latestRows.put(new Record<>(area.key, new StatusOutput(Target.AREA, Progress.ofArea(area.value, indicator, plausibility)), timestamp))));
    }
    try (KeyValueIterator<String, IndicatorState> indicators = indicatorStates.all()) {
      indicators.forEachRemaining(entry -> reference.indicator(entry.value.getIndicatorId(), entry.value.getPlanYear(), asOf).ifPresent(indicator -> {
        IndicatorProgress row = asOf == null ? Progress.ofIndicator(entry.value, indicator) : judge(entry.value, indicator, asOf, false).row();
        writeRows(entry.key, row, timestamp);
      }));
    }
  }

  /**
   * The plan indicators this task judges at {@code asOf}, by key, with the edition in force: those of
   * the catalog it owns (values and marks reach it by the indicator id's hash) whose plan year is
   * being judged ({@link PlanYears#judgedOn}) and any it has state for (in a test driver's single
   * task, every one), and, with no edition, those it still has state for that left the catalog. A plan year closed is not judged again: its last rows stand.
   */
  private Map<String, Optional<IndicatorDefinition>> plansOfThisTask(LocalDate asOf) {
    var plans = new TreeMap<String, Optional<IndicatorDefinition>>();
    int partition = context.taskId().partition();
    for (IndicatorDefinition latest : reference.planIndicators()) {
      if (partitionOf(latest.getId(), eventLogPartitions) == partition) {
        int year = PlanYears.of(latest);
        reference.indicator(latest.getId(), year, asOf).filter(edition -> PlanYears.judgedOn(edition, asOf))
            .ifPresent(edition -> plans.put(PlanKeys.planIndicator(edition.getId(), year), Optional.of(edition)));
      }
    }
    try (KeyValueIterator<String, IndicatorState> states = indicatorStates.all()) {
      states.forEachRemaining(entry -> {
        Optional<IndicatorDefinition> edition = reference.indicator(entry.value.getIndicatorId(), entry.value.getPlanYear(), asOf);
        if (edition.isEmpty() || PlanYears.judgedOn(edition.get(), asOf)) {
          plans.put(entry.key, edition);
        }
      });
    }
    return plans;
  }

  /** The partition the producer's default partitioner gives a string key (murmur2 of its UTF-8 bytes). */
  static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private TickBarrier barrier() {
    if (taskBarrier == null) {
      TickBarrier stored = barriers.get(BARRIER_KEY);
      taskBarrier = stored != null ? stored : new TickBarrier(new HashMap<>(), null, new ArrayList<>(), 0L);
    }
    return taskBarrier;
  }

  /** {@code as_of|sequence}, so held values come back by date, in the order they came. */
  private static String heldKey(LocalDate countsFrom, long sequence) {
    return countsFrom + "|" + String.format("%019d", sequence);
  }

  /** Status evaluations, as /metrics counts them (qyx_status_evaluations_total). */
  private static final Counter EVALUATIONS = Metrics.counter("qyx.status.evaluations");

  /** An evaluation and the row that shows it. */
  private record Judged(Evaluation evaluation, IndicatorProgress row) {}

  /** The indicator's progress now, judged at {@code asOf}; {@code newVersion}: a new row (false: the last row again). */
  private Judged judge(IndicatorState state, IndicatorDefinition indicator, LocalDate asOf, boolean newVersion) {
    IndicatorProgress progress = Progress.ofIndicator(state, indicator);
    Optional<BigDecimal> actual = progress.getAreaCount() > 0 ? Optional.of(progress.getActual()) : Optional.empty();
    Optional<LocalDate> periodEnd = Optional.ofNullable(progress.getLatestPeriod()).flatMap(Period::parse).map(Period::end);
    Optional<LocalDate> reached = Progress.reachedByEveryArea(state);
    Progress.Trend trend = Targets.isMonitored(indicator) ? trend(indicator) : null;
    Evaluation evaluation = trend != null
        ? rules.evaluateTrend(indicator, actual, reached, trend.previous(), trend.yearAgo(), asOf)
        : rules.evaluate(indicator, previousYearFinal(indicator, asOf), actual, reached, asOf);
    EVALUATIONS.increment();
    var flags = new TreeSet<>(progress.getFlags());
    if (trend == null && actual.isPresent() && periodEnd.isPresent() && Plausibility.onTargetAtQuarterEnd(indicator, actual.get(), periodEnd.get())) {
      flags.add(Plausibility.ON_TARGET_AT_QUARTER_END);
    }
    IndicatorProgress row = IndicatorProgress.newBuilder(progress)
        .setAsOf(asOf)
        .setExpected(evaluation.expected())
        .setGap(evaluation.gap())
        .setStatus(evaluation.status().name())
        .setFlags(List.copyOf(flags))
        .setPrevious(trend == null ? null : trend.previous().orElse(null))
        .setYearAgo(trend == null ? null : trend.yearAgo().orElse(null))
        .setVersion(newVersion ? nextVersion(state) : state.getVersion())
        .build();
    return new Judged(evaluation, row);
  }

  /** A monitored goal's city figures the period before and a year before (its state and last year's are in this task: same id). */
  private Progress.Trend trend(IndicatorDefinition indicator) {
    int year = PlanYears.of(indicator);
    return Progress.trendOf(areaStates.get(PlanKeys.planArea(indicator.getId(), year, AlertTracks.CITY)),
        areaStates.get(PlanKeys.planArea(indicator.getId(), year - 1, AlertTracks.CITY)), indicator);
  }

  /**
   * For a level with no baseline, the same indicator's actual at the end of the plan year before,
   * where its ramp starts ({@link Ramp}); its state is in this task, as both years share the id.
   */
  private Optional<BigDecimal> previousYearFinal(IndicatorDefinition indicator, LocalDate asOf) {
    if (!Ramp.isLevel(indicator) || indicator.getBaseline() != null) {
      return Optional.empty();
    }
    int previousYear = PlanYears.of(indicator) - 1;
    IndicatorState previous = indicatorState(PlanKeys.planIndicator(indicator.getId(), previousYear));
    if (previous == null) {
      return Optional.empty();
    }
    return reference.indicator(indicator.getId(), previousYear, asOf)
        .map(edition -> Progress.ofIndicator(previous, edition))
        .filter(progress -> progress.getAreaCount() > 0)
        .map(IndicatorProgress::getActual);
  }

  /** Every row written from this state has a higher version than the one before. */
  private static long nextVersion(IndicatorState state) {
    state.setVersion(state.getVersion() + 1);
    return state.getVersion();
  }

  /** {@code indicator_id|plan_year|CITY|as_of}: one history row per plan indicator, area and as-of date. */
  public static String historyKey(String planKey, LocalDate asOf) {
    return planKey + "|" + AlertTracks.CITY + "|" + asOf;
  }
}
