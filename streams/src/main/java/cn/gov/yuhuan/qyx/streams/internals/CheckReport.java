package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.catalog.ReportRules.Accepted;
import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.catalog.Rejection;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Checks each report against the catalog's global tables. An accepted report goes on as a
 * {@link DataValue}; a rejected one is thrown to the processing exception handler, which
 * dead-letters it with the reason.
 */
public final class CheckReport implements FixedKeyProcessor<String, ProgressReport, DataValue> {
  private FixedKeyProcessorContext<String, DataValue> context;
  private GlobalReferenceData reference;

  @Override
  public void init(FixedKeyProcessorContext<String, DataValue> context) {
    this.context = context;
    this.reference = new GlobalReferenceData(context::getStateStore);
  }

  @Override
  public void process(FixedKeyRecord<String, ProgressReport> record) {
    if (record.value() == null) {
      throw new RejectedReportException(RejectReason.UNDECODABLE, "the record has no value (a tombstone), so no report");
    }
    ReportRules.Result result = ReportRules.check(record.value(), reference);
    if (result.rejection().isPresent()) {
      Rejection rejection = result.rejection().get();
      throw new RejectedReportException(rejection.reason(), rejection.detail() + "; event_id=" + record.value().getEventId());
    }
    var source = context.recordMetadata().orElseThrow(); // present: this processor reads a source topic
    context.forward(record.withValue(toDataValue(result.accepted().orElseThrow(), source.partition(), source.offset())));
  }

  static DataValue toDataValue(Accepted accepted, int sourcePartition, long sourceOffset) {
    ProgressReport r = accepted.report();
    return DataValue.newBuilder()
        .setEventId(r.getEventId())
        .setIndicatorId(r.getIndicatorId())
        .setAreaCode(r.getAreaCode())
        .setPeriod(r.getPeriod())
        .setPeriodStart(accepted.period().start())
        .setPeriodEnd(accepted.period().end())
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
