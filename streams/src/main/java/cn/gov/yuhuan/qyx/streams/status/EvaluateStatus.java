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
import cn.gov.yuhuan.qyx.streams.StatusSettings;
import cn.gov.yuhuan.qyx.streams.internals.GlobalReferenceData;
import cn.gov.yuhuan.qyx.streams.internals.Plausibility;
import cn.gov.yuhuan.qyx.streams.internals.Progress;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges each indicator against 时序进度 (DESIGN §5) on every new progress value and on every tick,
 * and moves its alerts (DESIGN §6) on every tick. It is the one writer of evaluated indicator
 * progress: it forwards {@link IndicatorProgress} rows (keyed by indicator id; null when the
 * indicator left the catalog) and {@link Alert} records (keyed by alert id).
 *
 * <p>Alerts move on ticks only: a tick is one evaluation of the whole catalog, so "N consecutive
 * evaluations" means N as-of dates, and one digest per lead unit per evaluation is possible. A
 * correction is reflected in the status at once and in the alerts at the next tick. The as-of date
 * never goes back: a tick not after the current one changes nothing.
 */
public final class EvaluateStatus implements Processor<String, StatusTrigger, String, SpecificRecord> {
  /** Store of what each indicator's status is evaluated from, and its alert tracks. */
  public static final String STORE = "indicator-status";

  private final StatusRules rules;
  private final AlertTracks alertTracks;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, StatusState> store;
  private GlobalReferenceData reference;

  private EvaluateStatus(StatusSettings settings) {
    this.rules = settings.rules();
    this.alertTracks = new AlertTracks(settings.alertForEvaluations());
  }

  public static ProcessorSupplier<String, StatusTrigger, String, SpecificRecord> supplier(StatusSettings settings) {
    return () -> new EvaluateStatus(settings);
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.reference = new GlobalReferenceData(context::getStateStore);
  }

  @Override
  public void process(Record<String, StatusTrigger> record) {
    String indicatorId = record.key();
    StatusTrigger trigger = record.value();
    if (trigger == null || trigger.getProgress() == null && trigger.getTick() == null) {
      // The indicator's progress is gone (it left the catalog): so are its status and its row.
      store.delete(indicatorId);
      context.forward(record.withValue(null));
      return;
    }
    Optional<IndicatorDefinition> indicator = reference.indicator(indicatorId);
    if (indicator.isEmpty()) {
      return; // a tick fanned out just before the indicator left the catalog
    }
    StatusState state = Optional.ofNullable(store.get(indicatorId))
        .orElseGet(() -> new StatusState(indicatorId, null, null, new HashMap<>(), 0L));
    if (trigger.getTick() != null) {
      LocalDate asOf = trigger.getTick().getAsOf();
      if (state.getAsOf() != null && !asOf.isAfter(state.getAsOf())) {
        return;
      }
      state.setAsOf(asOf);
      Evaluation evaluation = evaluate(state, indicator.get());
      IndicatorProgress row = evaluatedRow(state, indicator.get(), evaluation);
      forward(record, indicatorId, row);
      String unitName = reference.unit(indicator.get().getLeadUnit()).map(UnitDefinition::getName).orElse(indicator.get().getLeadUnit());
      var subject = new AlertTracks.Subject(indicator.get(), unitName, row, evaluation);
      for (Alert alert : alertTracks.advance(state.getAlerts(), subject, GlobalReferenceData.silences(context::getStateStore))) {
        context.forward(record.withKey(alert.getAlertId()).withValue(alert));
      }
      state.setVersion(row.getVersion());
    } else {
      state.setProgress(trigger.getProgress());
      IndicatorProgress row = state.getAsOf() == null
          ? IndicatorProgress.newBuilder(trigger.getProgress()).setVersion(nextVersion(state)).build()
          : evaluatedRow(state, indicator.get(), evaluate(state, indicator.get()));
      forward(record, indicatorId, row);
      state.setVersion(row.getVersion());
    }
    store.put(indicatorId, state);
  }

  private void forward(Record<String, StatusTrigger> record, String indicatorId, IndicatorProgress row) {
    context.forward(record.withKey(indicatorId).withValue(row));
  }

  private Evaluation evaluate(StatusState state, IndicatorDefinition indicator) {
    IndicatorProgress progress = progressOf(state, indicator);
    return rules.evaluate(indicator, actual(progress), latestPeriodEnd(progress), state.getAsOf());
  }

  private static IndicatorProgress evaluatedRow(StatusState state, IndicatorDefinition indicator, Evaluation evaluation) {
    IndicatorProgress progress = progressOf(state, indicator);
    var flags = new TreeSet<>(progress.getFlags());
    Optional<BigDecimal> actual = actual(progress);
    Optional<LocalDate> periodEnd = latestPeriodEnd(progress);
    if (actual.isPresent() && periodEnd.isPresent() && Plausibility.onTargetAtQuarterEnd(indicator, actual.get(), periodEnd.get())) {
      flags.add(Plausibility.ON_TARGET_AT_QUARTER_END);
    }
    return IndicatorProgress.newBuilder(progress)
        .setAsOf(evaluation.asOf())
        .setExpected(evaluation.expected())
        .setGap(evaluation.gap())
        .setStatus(evaluation.status().name())
        .setFlags(List.copyOf(flags))
        .setVersion(nextVersion(state))
        .build();
  }

  /** The latest progress, or the empty progress of an indicator nobody has reported yet. */
  private static IndicatorProgress progressOf(StatusState state, IndicatorDefinition indicator) {
    return state.getProgress() != null ? state.getProgress() : Progress.ofIndicator(Progress.emptyTotals(), indicator);
  }

  private static Optional<BigDecimal> actual(IndicatorProgress progress) {
    return progress.getAreaCount() > 0 ? Optional.of(progress.getActual()) : Optional.empty();
  }

  private static Optional<LocalDate> latestPeriodEnd(IndicatorProgress progress) {
    return Optional.ofNullable(progress.getLatestPeriod()).flatMap(Period::parse).map(Period::end);
  }

  /** Above every version written for this indicator, by this processor or (before it existed) upstream. */
  private static long nextVersion(StatusState state) {
    long upstream = state.getProgress() == null ? 0L : state.getProgress().getVersion();
    return Math.max(state.getVersion(), upstream) + 1;
  }
}
