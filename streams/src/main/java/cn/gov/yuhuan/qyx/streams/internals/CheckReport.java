package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.catalog.Rejection;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.catalog.ReportRules.Accepted;
import cn.gov.yuhuan.qyx.catalog.UnitAccounts;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.state.IndicatorInput;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The checking stage, one task per partition of the event log, which it reads in order: a tick
 * (see {@link ClockTicks}) moves the partition's as-of date on and is marked to every partition of
 * the indicator stage; a report is checked against the catalog's global tables and against the
 * unit that sent it (the intake's header), and goes on as a
 * {@link DataValue}, stamped with the as-of date of the last tick before it, or is thrown to the
 * processing exception handler, which dead-letters it with the reason.
 */
public final class CheckReport implements Processor<String, ProgressReport, String, IndicatorInput> {
  /** The key of marks; they go to every partition, whatever their key. */
  public static final String MARK_KEY = "passed";

  private ProcessorContext<String, IndicatorInput> context;
  private GlobalReferenceData reference;
  private LatestTick latest;

  @Override
  public void init(ProcessorContext<String, IndicatorInput> context) {
    this.context = context;
    this.reference = new GlobalReferenceData(context::getStateStore);
    this.latest = new LatestTick(context.getStateStore(LatestTick.STORE));
  }

  @Override
  public void process(Record<String, ProgressReport> record) {
    var source = context.recordMetadata().orElseThrow(); // present: this processor reads a source topic
    Optional<LocalDate> tick = ClockTicks.asOf(record.headers());
    if (tick.isPresent()) {
      Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
      if (ClockTicks.tooFarAhead(tick.get(), now)) {
        throw new RejectedReportException(RejectReason.TICK_IN_FUTURE, "a tick of " + tick.get() + " is more than " + ClockTicks.MAX_DAYS_AHEAD
            + " day after today (" + now.atZone(ClockTicks.PLAN_ZONE).toLocalDate() + " in " + ClockTicks.PLAN_ZONE
            + "); the clock never goes back, so it would stop it until then");
      }
      if (latest.advance(tick.get())) { // the as-of date never goes back
        context.forward(record.withKey(MARK_KEY).withValue(new IndicatorInput(source.partition(), null, null, tick.get())));
      }
      return;
    }
    if (record.value() == null) {
      throw new RejectedReportException(RejectReason.UNDECODABLE, "the record has no value (a tombstone), so no report");
    }
    // Checked by the catalog's edition in force at the date the report counts from, so a rebuild,
    // which reads the same ticks in the same places, checks it by the same edition.
    ReportRules.Result result = ReportRules.check(record.value(), reference, latest.get().orElse(null));
    if (result.rejection().isPresent()) {
      Rejection rejection = result.rejection().get();
      throw new RejectedReportException(rejection.reason(), rejection.detail() + "; event_id=" + record.value().getEventId());
    }
    checkSender(record);
    DataValue value = toDataValue(result.accepted().orElseThrow(), source.partition(), source.offset());
    context.forward(record.withKey(value.getIndicatorId())
        .withValue(new IndicatorInput(source.partition(), value, latest.get().orElse(null), null)));
  }

  /** A report counts only as its own unit's: the unit whose topic it came in on ({@link Intake}). */
  private void checkSender(Record<String, ProgressReport> record) {
    String unit = record.value().getReportingUnit();
    String account = reference.unit(unit).orElseThrow().getAccount(); // the unit is known: the rules checked it
    Optional<String> sender = Intake.sender(record.headers());
    if (sender.isEmpty()) {
      throw new RejectedReportException(RejectReason.UNIT_NOT_SENDER, "no unit's login sent it: it was written straight into the event log, "
          + "not through " + Topics.unitReportsTopic(account) + "; event_id=" + record.value().getEventId());
    }
    if (!sender.get().equals(account)) {
      throw new RejectedReportException(RejectReason.UNIT_NOT_SENDER, "sent by " + UnitAccounts.principal(sender.get()) + " (on "
          + Topics.unitReportsTopic(sender.get()) + ") as " + unit + ", whose login is " + UnitAccounts.principal(account)
          + "; event_id=" + record.value().getEventId());
    }
  }

  /** Values by the producer's default (the key's hash), marks to every partition. */
  public static StreamPartitioner<String, IndicatorInput> partitioner() {
    return (topic, key, input, partitions) -> input != null && input.getPassed() != null
        ? Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()))
        : Optional.<Set<Integer>>empty();
  }

  public static DataValue toDataValue(Accepted accepted, int sourcePartition, long sourceOffset) {
    ProgressReport r = accepted.report();
    return DataValue.newBuilder()
        .setEventId(r.getEventId())
        .setIndicatorId(r.getIndicatorId())
        .setAreaCode(r.getAreaCode())
        .setPeriod(r.getPeriod())
        .setPeriodStart(accepted.period().start())
        .setPeriodEnd(accepted.period().end())
        .setPlanYear(accepted.period().start().getYear())
        .setReportingUnit(r.getReportingUnit())
        .setDomain(accepted.indicator().getDomain())
        .setLeadUnit(accepted.indicator().getLeadUnit())
        .setKind(accepted.indicator().getKind())
        .setValue(r.getValue())
        .setNumerator(r.getNumerator())
        .setDenominator(r.getDenominator())
        .setRevision(r.getRevision())
        .setCorrectionReason(r.getCorrectionReason())
        .setRetracted(r.getRetracted())
        .setReportedAt(r.getReportedAt())
        .setNote(r.getNote())
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .build();
  }
}
