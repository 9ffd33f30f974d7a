package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Plan years and editions: each year's 工作要点 is a plan, a report counts for the plan of its
 * period's year, and a plan's indicator may be revised mid-year by a later edition that judges from
 * its effective date on.
 */
public final class PlanYears {
  /** First edition first, then by effective date. */
  public static final Comparator<IndicatorDefinition> BY_EFFECTIVE_DATE =
      Comparator.comparing(IndicatorDefinition::getEffectiveFrom, Comparator.nullsFirst(Comparator.naturalOrder()));

  private PlanYears() {}

  /** The plan year of a catalog row; rows written before plan years carry 0 and belong to their deadline's year. */
  public static int of(IndicatorDefinition indicator) {
    return indicator.getPlanYear() != 0 ? indicator.getPlanYear() : indicator.getDeadline().getYear();
  }

  /** The plan year of a value: the year its period starts in (the field is 0 in values written before plan years). */
  public static int of(DataValue value) {
    return value.getPlanYear() != 0 ? value.getPlanYear() : value.getPeriodStart().getYear();
  }

  /**
   * The edition of a plan indicator that judges {@code asOf}, read from the catalog topic's records
   * (or a table of them): the latest edition by key first, which judges every date from its own
   * on, and the editions one by one only for a date before it (a replay, or a revision dated ahead).
   *
   * @param get a record of the catalog topic by key
   * @param range the records between two keys, in key order
   */
  public static Optional<IndicatorDefinition> lookUp(Function<String, IndicatorDefinition> get,
      BiFunction<String, String, List<IndicatorDefinition>> range, String id, int planYear, LocalDate asOf) {
    IndicatorDefinition latest = get.apply(PlanKeys.planIndicator(id, planYear));
    if (latest == null || asOf == null || latest.getEffectiveFrom() == null || !latest.getEffectiveFrom().isAfter(asOf)) {
      return Optional.ofNullable(latest);
    }
    String[] keys = PlanKeys.editionRange(id, planYear);
    return inForce(range.apply(keys[0], keys[1]), asOf);
  }

  /**
   * The edition that judges {@code asOf}: the last whose effective date is not after it, the first
   * edition before any. {@code asOf} null (no clock yet, or a unit system checking before it sends):
   * the latest edition. {@code editions} are of one plan indicator, in {@link #BY_EFFECTIVE_DATE} order.
   */
  public static Optional<IndicatorDefinition> inForce(List<IndicatorDefinition> editions, LocalDate asOf) {
    IndicatorDefinition found = null;
    for (IndicatorDefinition edition : editions) {
      if (found == null || asOf == null || !edition.getEffectiveFrom().isAfter(asOf)) {
        found = edition;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Whether the plan indicator is judged at {@code asOf}: from its plan year's first day until the
   * day after its last report's grace is gone, when a MISSED alert is due; after that its final
   * status stands (a late correction still rewrites its row, and no alert moves).
   */
  public static boolean judgedOn(IndicatorDefinition edition, LocalDate asOf) {
    return !asOf.isBefore(Catalog.planStart(of(edition))) && !asOf.isAfter(edition.getDeadline().plusDays(edition.getGraceDays() + 1L));
  }
}
