package cn.gov.yuhuan.qyx.streams;

import cn.gov.yuhuan.qyx.catalog.status.StatusRules;
import cn.gov.yuhuan.qyx.streams.internals.Plausibility;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The configurable rules of status, alerts and plausibility (docs/design.md §5, §6), read from {@link
 * PipelineConfig}, where each setting's default and doc are declared.
 *
 * @param alertForEvaluations consecutive evaluations an alert's condition must hold before it is raised
 * @param alertStretch whether stretch targets (力争, 争创, 争取, 努力) raise LAGGING and MISSED alerts too
 * @param eventLogPartitions partitions of the event log (and of the clock), every one of which must
 *     have passed a tick before its as-of date opens (see {@code EvaluateIndicators})
 */
public record StatusSettings(StatusRules rules, int alertForEvaluations, boolean alertStretch, int eventLogPartitions,
    Plausibility plausibility) {
  /** The same settings for an event log of {@code partitions} partitions (the topic's real count). */
  public StatusSettings withEventLogPartitions(int partitions) {
    return new StatusSettings(rules, alertForEvaluations, alertStretch, partitions, plausibility);
  }

  public static StatusSettings from(PipelineConfig config) {
    return of(config.values());
  }

  /** The defaults {@link PipelineConfig} declares. */
  public static StatusSettings defaults() {
    return of(PipelineConfig.defaultValues());
  }

  private static StatusSettings of(Map<String, ?> values) {
    return new StatusSettings(
        new StatusRules(decimal(values, PipelineConfig.STATUS_AT_RISK_GAP), decimal(values, PipelineConfig.STATUS_LAGGING_GAP)),
        (Integer) values.get(PipelineConfig.ALERT_FOR_EVALUATIONS),
        (Boolean) values.get(PipelineConfig.ALERT_STRETCH_TARGETS),
        (Integer) values.get(PipelineConfig.TOPIC_PARTITIONS),
        new Plausibility(decimal(values, PipelineConfig.PLAUSIBILITY_JUMP_FACTOR),
            decimal(values, PipelineConfig.PLAUSIBILITY_DENOMINATOR_SHIFT)));
  }

  private static BigDecimal decimal(Map<String, ?> values, String key) {
    return BigDecimal.valueOf((Double) values.get(key));
  }
}
