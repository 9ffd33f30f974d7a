package cn.gov.yuhuan.qyx.producers.importer;

import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.Rejection;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.util.Optional;

/**
 * What the pipeline would say of a report: empty if it would count it. {@code ReportSender::check}
 * is one; {@link #against(ReferenceData)} checks against a catalog without any service.
 */
@FunctionalInterface
public interface ReportCheck {
  Optional<Rejection> check(ProgressReport report);

  /** The pipeline's rules against {@code reference}, e.g. a catalog loaded from its files. */
  static ReportCheck against(ReferenceData reference) {
    return report -> ReportRules.check(report, reference).rejection();
  }
}
