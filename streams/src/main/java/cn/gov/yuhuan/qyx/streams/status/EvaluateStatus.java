package cn.gov.yuhuan.qyx.streams.status;

import cn.gov.yuhuan.qyx.catalog.Period;
import cn.gov.yuhuan.qyx.catalog.status.StatusRules;
import cn.gov.yuhuan.qyx.catalog.status.StatusRules.Evaluation;
import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.state.StatusState;
import cn.gov.yuhuan.qyx.state.StatusTrigger;
import cn.gov.yuhuan.qyx.state.TimedTick;
import cn.gov.yuhuan.qyx.state.TimedValue;
import cn.gov.yuhuan.qyx.streams.StatusSettings;
import cn.gov.yuhuan.qyx.streams.internals.GlobalReferenceData;
import cn.gov.yuhuan.qyx.streams.internals.Plausibility;
import cn.gov.yuhuan.qyx.streams.status.StatusOutput.Target;
import java.math.BigDecimal;
import cn.gov.yuhuan.qyx.reference.Silence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges each indicator against 时序进度 (DESIGN §5) and moves its alerts (DESIGN §6). It keeps the
 * indicator's own log of data values and ticks, each with the time it was sent (the record's
 * timestamp). The evaluation of an as-of date ({@link Target#HISTORY}) takes the values sent before
 * the next date's tick, so the last evaluation of a day stands; the latest date takes them all,
 * and so does the current row ({@link Target#PROGRESS}). It writes:
 *
 * <ul>
 *   <li>on a tick: the previous date's final evaluation, the alerts that changed, the new date's
 *       evaluation and the current row;
 *   <li>on a value: the evaluations it belongs to (the latest date's, and earlier dates' if it was
 *       sent before ticks that overtook it in the repartitions) and the current row.
 * </ul>
 *
 * <p>So status history is the same whatever order values and ticks arrive in, as a replay needs.
 * Alerts move on ticks only, judged on the values sent before the tick: a tick is one evaluation
 * of the whole catalog, "N consecutive evaluations" means N as-of dates, and each lead unit gets one
 * digest per date. They are judged once the values sent before the tick are surely in, even when
 * the tick overtook them; see {@link #judgeAlertsDue}. The as-of date never goes back: a tick not after the latest changes
 * nothing.
 */
public final class EvaluateStatus implements Processor<String, StatusTrigger, String, StatusOutput> {
  /** Store of each indicator's log of values and ticks, and its alert tracks. */
  public static final String STORE = "indicator-status";
  private static final long EVERYTHING = Long.MAX_VALUE;

  /** A tick sent this recently is live: quiet may vouch that the values sent before it are in. */
  private static final Duration LIVE = Duration.ofDays(1);
  /** How often to look whether values have gone quiet, so waiting alerts can be judged. */
  private static final Duration QUIET_CHECK = Duration.ofSeconds(1);

  private final StatusRules rules;
  private final AlertTracks alertTracks;
  private final Plausibility plausibility;
  private final Duration alertQuiet;
  private final int reportPartitions;
  private ProcessorContext<String, StatusOutput> context;
  private KeyValueStore<String, StatusState> store;
  private GlobalReferenceData reference;
  /** Indicators of this task with ticks whose alerts wait to be judged. */
  private final Set<String> waiting = new TreeSet<>();
  /** Per partition of the accepted-reports topic: the latest time a value it passed on was sent, as seen here. */
  private final Map<Integer, Long> sentThrough = new HashMap<>();
  /** When this task last took a value or a tick (wall clock). */
  private long lastRecordAt;

  private EvaluateStatus(StatusSettings settings) {
    this.rules = settings.rules();
    this.alertTracks = new AlertTracks(settings.alertForEvaluations());
    this.plausibility = settings.plausibility();
    this.alertQuiet = settings.alertQuiet();
    this.reportPartitions = settings.reportPartitions();
  }

  public static ProcessorSupplier<String, StatusTrigger, String, StatusOutput> supplier(StatusSettings settings) {
    return () -> new EvaluateStatus(settings);
  }

  @Override
  public void init(ProcessorContext<String, StatusOutput> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.reference = new GlobalReferenceData(context::getStateStore);
    this.lastRecordAt = context.currentSystemTimeMs();
    try (KeyValueIterator<String, StatusState> all = store.all()) {
      all.forEachRemaining(entry -> {
        if (entry.value.getAlertsThrough() < entry.value.getTicks().size()) {
          waiting.add(entry.key); // after a restart, the alerts left waiting
        }
      });
    }
    context.schedule(QUIET_CHECK, PunctuationType.WALL_CLOCK_TIME, this::judgeAlertsDue);
  }

  @Override
  public void process(Record<String, StatusTrigger> record) {
    String indicatorId = record.key();
    StatusTrigger trigger = record.value();
    lastRecordAt = context.currentSystemTimeMs();
    if (trigger == null) {
      return;
    }
    if (trigger.getHeartbeat() != null) {
      sentThrough.merge(trigger.getHeartbeat().getPartition(), trigger.getHeartbeat().getSentThrough().toEpochMilli(), Math::max);
      return;
    }
    StatusState stored = store.get(indicatorId);
    Optional<IndicatorDefinition> indicator = reference.indicator(indicatorId);
    if (indicator.isEmpty()) {
      if (stored != null) {
        // The indicator left the catalog: so do its status and its row.
        store.delete(indicatorId);
        waiting.remove(indicatorId);
        context.forward(record.withKey(indicatorId).withValue(new StatusOutput(Target.PROGRESS, null)));
      }
      return;
    }
    StatusState state = stored != null ? stored : new StatusState(indicatorId, new ArrayList<>(), new ArrayList<>(), 0, new HashMap<>(), 0L);
    if (trigger.getTick() != null) {
      onTick(record, state, indicator.get(), new TimedTick(trigger.getTick().getAsOf(), Instant.ofEpochMilli(record.timestamp())));
    } else if (trigger.getValue() != null) {
      onValue(record, state, indicator.get(), new TimedValue(Instant.ofEpochMilli(record.timestamp()), trigger.getValue()),
          trigger.getViaPartition());
    }
    store.put(indicatorId, state);
  }

  private void onTick(Record<String, StatusTrigger> record, StatusState state, IndicatorDefinition indicator, TimedTick tick) {
    List<TimedTick> ticks = state.getTicks();
    if (!ticks.isEmpty() && !tick.getAsOf().isAfter(ticks.get(ticks.size() - 1).getAsOf())) {
      return;
    }
    ticks.add(tick);
    if (ticks.size() > 1 && anyValueSentFrom(state, tick.getSentAt())) {
      // The day before is over. Its row so far took every value; it must drop those sent after this
      // tick, which reached the evaluator ahead of it. Without such values that row is final already.
      forwardHistory(record, state, indicator, ticks.size() - 2);
    }
    waiting.add(indicator.getId()); // its alerts are judged once the values sent before it are surely in
    forwardLatest(record, state, indicator);
  }

  private void onValue(Record<String, StatusTrigger> record, StatusState state, IndicatorDefinition indicator, TimedValue value,
      int viaPartition) {
    sentThrough.merge(viaPartition, value.getSentAt().toEpochMilli(), Math::max);
    state.getValues().add(value);
    List<TimedTick> ticks = state.getTicks();
    if (ticks.isEmpty()) {
      forward(record, Target.PROGRESS, indicator.getId(),
          IndicatorProgress.newBuilder(IndicatorLog.progressAt(state.getValues(), EVERYTHING, indicator, plausibility))
              .setVersion(nextVersion(state)).build());
      return;
    }
    // Every earlier date whose day the value belongs to or precedes (it was sent before ticks that
    // reached this task ahead of it), then the latest date, which takes every value.
    for (int i = 0; i < ticks.size() - 1; i++) {
      if (value.getSentAt().isBefore(ticks.get(i + 1).getSentAt())) {
        forwardHistory(record, state, indicator, i);
      }
    }
    forwardLatest(record, state, indicator);
  }

  /** The latest as-of date's evaluation, which takes every value: its history row and the current row. */
  private void forwardLatest(Record<String, StatusTrigger> record, StatusState state, IndicatorDefinition indicator) {
    LocalDate asOf = state.getTicks().get(state.getTicks().size() - 1).getAsOf();
    IndicatorProgress row = judge(state, indicator, EVERYTHING, asOf).row();
    forward(record, Target.HISTORY, historyKey(indicator.getId(), asOf), row);
    forward(record, Target.PROGRESS, indicator.getId(), row);
  }

  /**
   * Judges the alerts of every waiting tick whose earlier values are surely in. A tick can overtake
   * the values sent before it (they pass one more repartition): in a replay or a simulated year it
   * does by thousands. Values from one partition of the accepted-reports topic reach this task in
   * the order they were sent, so once that partition has passed on a value sent after a tick (or a
   * heartbeat saying so, {@link ToStatusTrigger}), all the values it sent before have come. When
   * every partition has, the tick is judged. Live, where values trickle and a partition may send
   * nothing for days, a task that has taken nothing for {@code alert.quiet.ms} judges the waiting
   * ticks sent in the last day. Old ticks (a replay, a simulated year) wait for later values: the
   * last days of a simulated past stay unjudged until values sent after them come. Either way a
   * tick is judged on exactly the values sent before it, so a replay raises the same alerts.
   */
  private void judgeAlertsDue(long now) {
    if (waiting.isEmpty()) {
      return;
    }
    boolean quiet = now - lastRecordAt >= alertQuiet.toMillis();
    long due = valuesInThrough();
    // Quiet vouches only for live ticks: a replay's or a simulation's old ticks wait for the values'
    // own progress, which a stall of the upstream tasks cannot fake.
    long quietFrom = quiet ? now - LIVE.toMillis() : EVERYTHING;
    List<Silence> silences = GlobalReferenceData.silences(context::getStateStore);
    for (String indicatorId : List.copyOf(waiting)) {
      StatusState state = store.get(indicatorId);
      Optional<IndicatorDefinition> indicator = reference.indicator(indicatorId);
      if (state == null || indicator.isEmpty()) {
        waiting.remove(indicatorId);
        continue;
      }
      if (judgeAlerts(state, indicator.get(), silences, due, quietFrom)) {
        store.put(indicatorId, state);
      }
      if (state.getAlertsThrough() == state.getTicks().size()) {
        waiting.remove(indicatorId);
      }
    }
  }

  /** The time up to which every partition of the accepted-reports topic has sent this task everything. */
  private long valuesInThrough() {
    if (sentThrough.size() < reportPartitions) {
      return Long.MIN_VALUE;
    }
    return sentThrough.values().stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
  }

  /**
   * Judges, in order, the waiting ticks sent at or before {@code due}, or at or after {@code
   * quietFrom}; returns whether any was.
   */
  private boolean judgeAlerts(StatusState state, IndicatorDefinition indicator, List<Silence> silences, long due, long quietFrom) {
    String unitName = reference.unit(indicator.getLeadUnit()).map(UnitDefinition::getName).orElse(indicator.getLeadUnit());
    List<TimedTick> ticks = state.getTicks();
    int first = state.getAlertsThrough();
    int i = first;
    for (; i < ticks.size() && (ticks.get(i).getSentAt().toEpochMilli() <= due || ticks.get(i).getSentAt().toEpochMilli() >= quietFrom); i++) {
      TimedTick tick = ticks.get(i);
      Judged atTick = judge(state, indicator, tick.getSentAt().toEpochMilli() - 1, tick.getAsOf());
      var subject = new AlertTracks.Subject(indicator, unitName, atTick.row(), atTick.evaluation());
      for (Alert alert : alertTracks.advance(state.getAlerts(), subject, silences)) {
        context.forward(new Record<>(alert.getAlertId(), new StatusOutput(Target.ALERT, alert), tick.getSentAt().toEpochMilli()));
      }
    }
    state.setAlertsThrough(i);
    return i > first;
  }

  private static boolean anyValueSentFrom(StatusState state, Instant sentAt) {
    return state.getValues().stream().anyMatch(value -> !value.getSentAt().isBefore(sentAt));
  }

  /**
   * The evaluation of the {@code i}-th as-of date: the values sent before the next date's tick
   * (the last evaluation of the day stands), or every value for the latest date.
   */
  private void forwardHistory(Record<String, StatusTrigger> record, StatusState state, IndicatorDefinition indicator, int i) {
    List<TimedTick> ticks = state.getTicks();
    long sentBy = i == ticks.size() - 1 ? EVERYTHING : ticks.get(i + 1).getSentAt().toEpochMilli() - 1;
    LocalDate asOf = ticks.get(i).getAsOf();
    forward(record, Target.HISTORY, historyKey(indicator.getId(), asOf), judge(state, indicator, sentBy, asOf).row());
  }

  private void forward(Record<String, StatusTrigger> record, Target target, String key, IndicatorProgress row) {
    context.forward(record.withKey(key).withValue(new StatusOutput(target, row)));
  }

  /** An evaluation and the row that shows it. */
  private record Judged(Evaluation evaluation, IndicatorProgress row) {}

  /** The indicator's progress from the values sent by {@code sentBy}, judged at {@code asOf}. */
  private Judged judge(StatusState state, IndicatorDefinition indicator, long sentBy, LocalDate asOf) {
    IndicatorProgress progress = IndicatorLog.progressAt(state.getValues(), sentBy, indicator, plausibility);
    Optional<BigDecimal> actual = progress.getAreaCount() > 0 ? Optional.of(progress.getActual()) : Optional.empty();
    Optional<LocalDate> periodEnd = Optional.ofNullable(progress.getLatestPeriod()).flatMap(Period::parse).map(Period::end);
    Evaluation evaluation = rules.evaluate(indicator, actual, periodEnd, asOf);
    var flags = new TreeSet<>(progress.getFlags());
    if (actual.isPresent() && periodEnd.isPresent() && Plausibility.onTargetAtQuarterEnd(indicator, actual.get(), periodEnd.get())) {
      flags.add(Plausibility.ON_TARGET_AT_QUARTER_END);
    }
    IndicatorProgress row = IndicatorProgress.newBuilder(progress)
        .setAsOf(asOf)
        .setExpected(evaluation.expected())
        .setGap(evaluation.gap())
        .setStatus(evaluation.status().name())
        .setFlags(List.copyOf(flags))
        .setVersion(nextVersion(state))
        .build();
    return new Judged(evaluation, row);
  }

  /** Every row written from this state has a higher version than the one before. */
  private static long nextVersion(StatusState state) {
    state.setVersion(state.getVersion() + 1);
    return state.getVersion();
  }

  /** {@code indicator_id|CITY|as_of}: one history row per indicator, area and as-of date. */
  public static String historyKey(String indicatorId, LocalDate asOf) {
    return indicatorId + "|" + AlertTracks.CITY + "|" + asOf;
  }
}
