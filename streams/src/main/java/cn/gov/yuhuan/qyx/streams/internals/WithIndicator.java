package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.kstream.ValueTransformerWithKey;
import org.apache.kafka.streams.kstream.ValueTransformerWithKeySupplier;
import org.apache.kafka.streams.processor.ProcessorContext;

/**
 * Derives a table value from an upstream value and its indicator's current catalog definition,
 * read from the global table. A value whose indicator left the catalog becomes a tombstone.
 */
public final class WithIndicator<V, R> implements ValueTransformerWithKey<String, V, R> {
  private final Function<V, String> indicatorId;
  private final BiFunction<V, IndicatorDefinition, R> derive;
  private GlobalReferenceData reference;

  private WithIndicator(Function<V, String> indicatorId, BiFunction<V, IndicatorDefinition, R> derive) {
    this.indicatorId = indicatorId;
    this.derive = derive;
  }

  public static <V, R> ValueTransformerWithKeySupplier<String, V, R> supplier(
      Function<V, String> indicatorId, BiFunction<V, IndicatorDefinition, R> derive) {
    return () -> new WithIndicator<>(indicatorId, derive);
  }

  @Override
  public void init(ProcessorContext context) {
    reference = new GlobalReferenceData(context::getStateStore);
  }

  @Override
  public R transform(String key, V value) {
    if (value == null) {
      return null;
    }
    return reference.indicator(indicatorId.apply(value)).map(indicator -> derive.apply(value, indicator)).orElse(null);
  }

  @Override
  public void close() {}
}
