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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges each indicator against 时序进度 (DESIGN §5) and moves its alerts (DESIGN §6). It keeps the
 * indicator's own log of data values and ticks, each with the time it was sent, and writes:
 *
 * <ul>
 *   <li>on every tick: the as-of date's evaluation ({@link Target#HISTORY}) from exactly the values
 *       sent before the tick, then the alerts that changed, then the current row;
 *   <li>on every value: the current row ({@link Target#PROGRESS}, every value known, judged at the
 *       latest as-of date), and, if the value was sent before ticks already evaluated (it came late
 *       through the repartitions), those dates' evaluations again, corrected.
 * </ul>
 *
 * <p>So status history is the same whatever order values and ticks arrive in, as a replay needs.
 * Alerts move on ticks only: a tick is one evaluation of the whole catalog, "N consecutive
 * evaluations" means N as-of dates, and each lead unit gets one digest per date. An alert is
 * judged when its tick arrives; a value that comes after its tick corrects history but not an
 * alert already moved. The as-of date never goes back: a tick not after the latest changes nothing.
 */
public final class EvaluateStatus implements Processor<String, StatusTrigger, String, StatusOutput> {
  /** Store of each indicator's log of values and ticks, and its alert tracks. */
  public static final String STORE = "indicator-status";
  private static final long EVERYTHING = Long.MAX_VALUE;

  private final StatusRules rules;
  private final AlertTracks alertTracks;
  private final Plausibility plausibility;
  private ProcessorContext<String, StatusOutput> context;
  private KeyValueStore<String, StatusState> store;
  private GlobalReferenceData reference;

  private EvaluateStatus(StatusSettings settings) {
    this.rules = settings.rules();
    this.alertTracks = new AlertTracks(settings.alertForEvaluations());
    this.plausibility = settings.plausibility();
  }

  public static ProcessorSupplier<String, StatusTrigger, String, StatusOutput> supplier(StatusSettings settings) {
    return () -> new EvaluateStatus(settings);
  }

  @Override
  public void init(ProcessorContext<String, StatusOutput> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.reference = new GlobalReferenceData(context::getStateStore);
  }

  @Override
  public void process(Record<String, StatusTrigger> record) {
    String indicatorId = record.key();
    StatusTrigger trigger = record.value();
    if (trigger == null) {
      return;
    }
    StatusState stored = store.get(indicatorId);
    Optional<IndicatorDefinition> indicator = reference.indicator(indicatorId);
    if (indicator.isEmpty()) {
      if (stored != null) {
        // The indicator left the catalog: so do its status and its row.
        store.delete(indicatorId);
        context.forward(record.withKey(indicatorId).withValue(new StatusOutput(Target.PROGRESS, null)));
      }
      return;
    }
    StatusState state = stored != null ? stored : new StatusState(indicatorId, new ArrayList<>(), new ArrayList<>(), new HashMap<>(), 0L);
    if (trigger.getTick() != null) {
      onTick(record, state, indicator.get(), new TimedTick(trigger.getTick().getAsOf(), Instant.ofEpochMilli(record.timestamp())));
    } else if (trigger.getValue() != null) {
      onValue(record, state, indicator.get(), new TimedValue(Instant.ofEpochMilli(record.timestamp()), trigger.getValue()));
    }
    store.put(indicatorId, state);
  }

  private void onTick(Record<String, StatusTrigger> record, StatusState state, IndicatorDefinition indicator, TimedTick tick) {
    Optional<LocalDate> latest = latestAsOf(state);
    if (latest.isPresent() && !tick.getAsOf().isAfter(latest.get())) {
      return;
    }
    state.getTicks().add(tick);
    Judged judged = judge(state, indicator, tick.getSentAt().toEpochMilli(), tick.getAsOf());
    forward(record, Target.HISTORY, historyKey(indicator.getId(), tick.getAsOf()), judged.row());
    String unitName = reference.unit(indicator.getLeadUnit()).map(UnitDefinition::getName).orElse(indicator.getLeadUnit());
    var subject = new AlertTracks.Subject(indicator, unitName, judged.row(), judged.evaluation());
    for (Alert alert : alertTracks.advance(state.getAlerts(), subject, GlobalReferenceData.silences(context::getStateStore))) {
      context.forward(record.withKey(alert.getAlertId()).withValue(new StatusOutput(Target.ALERT, alert)));
    }
    forward(record, Target.PROGRESS, indicator.getId(), judge(state, indicator, EVERYTHING, tick.getAsOf()).row());
  }

  private void onValue(Record<String, StatusTrigger> record, StatusState state, IndicatorDefinition indicator, TimedValue value) {
    state.getValues().add(value);
    Optional<LocalDate> asOf = latestAsOf(state);
    IndicatorProgress current = asOf.isPresent()
        ? judge(state, indicator, EVERYTHING, asOf.get()).row()
        : IndicatorProgress.newBuilder(IndicatorLog.progressAt(state.getValues(), EVERYTHING, indicator, plausibility))
            .setVersion(nextVersion(state)).build();
    forward(record, Target.PROGRESS, indicator.getId(), current);
    for (TimedTick tick : state.getTicks()) {
      if (!tick.getSentAt().isBefore(value.getSentAt())) { // sent before this tick, arrived after it
        forward(record, Target.HISTORY, historyKey(indicator.getId(), tick.getAsOf()),
            judge(state, indicator, tick.getSentAt().toEpochMilli(), tick.getAsOf()).row());
      }
    }
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

  private static Optional<LocalDate> latestAsOf(StatusState state) {
    List<TimedTick> ticks = state.getTicks();
    return ticks.isEmpty() ? Optional.empty() : Optional.of(ticks.get(ticks.size() - 1).getAsOf());
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
