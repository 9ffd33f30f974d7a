package cn.gov.yuhuan.qyx.schemas;

import java.time.LocalDate;

/**
 * The keys of everything that is per plan year: an indicator has one catalog edition in force, one
 * progress row, one row per area and one status history per plan year, and nothing of one year is
 * added into another. One place builds these strings so the catalog, the topology and the sink
 * agree on them.
 */
public final class PlanKeys {
  private static final String SEPARATOR = "|";
  /** Between a plan indicator and an edition's effective date; sorts after every plan indicator key's own characters. */
  private static final String EDITION = "@";
  /** The effective date of a plan's first edition, which judges from the start ('-' sorts before digits). */
  private static final String FROM_THE_START = "-";

  private PlanKeys() {}

  /**
   * {@code indicator_id|plan_year}: an indicator in one plan year. The key of its progress row, and
   * on the catalog topic the key of its latest edition.
   */
  public static String planIndicator(String indicatorId, int planYear) {
    return indicatorId + SEPARATOR + planYear;
  }

  /** The plan year of a {@link #planIndicator} key. */
  public static int planYearOf(String planIndicatorKey) {
    return Integer.parseInt(planIndicatorKey.substring(planIndicatorKey.lastIndexOf(SEPARATOR) + 1));
  }

  /** {@code indicator_id|plan_year|area_code}: the key of an area's progress row and state. */
  public static String planArea(String indicatorId, int planYear, String areaCode) {
    return planIndicator(indicatorId, planYear) + SEPARATOR + areaCode;
  }

  /**
   * {@code indicator_id|plan_year@effective_from} ({@code @-} for the first edition): the key of
   * one edition on the catalog topic. Editions of one plan indicator sort by their date.
   */
  public static String edition(String indicatorId, int planYear, LocalDate effectiveFrom) {
    return planIndicator(indicatorId, planYear) + EDITION + (effectiveFrom == null ? FROM_THE_START : effectiveFrom.toString());
  }

  /** The first and last possible edition keys of a plan indicator, for a range read. */
  public static String[] editionRange(String indicatorId, int planYear) {
    String prefix = planIndicator(indicatorId, planYear) + EDITION;
    return new String[] {prefix, prefix + "~"};
  }

  /** The first and last possible catalog keys of an indicator in any plan year, for a range read. */
  public static String[] indicatorRange(String indicatorId) {
    return new String[] {indicatorId + SEPARATOR, indicatorId + SEPARATOR + "~"};
  }

  /** Whether a catalog key is an edition's rather than a plan indicator's latest. */
  public static boolean isEdition(String catalogKey) {
    return catalogKey.contains(EDITION);
  }

  /** {@code code|plan_year}: a domain's or lead unit's sums in one plan year. */
  public static String planGroup(String groupCode, int planYear) {
    return groupCode + SEPARATOR + planYear;
  }

  /** The domain or unit code of a {@link #planGroup} key. */
  public static String groupCode(String planGroupKey) {
    return planGroupKey.substring(0, planGroupKey.lastIndexOf(SEPARATOR));
  }

  /** Between a lead unit's group and the plan indicator in a {@link #leadUnitRow} key. */
  private static final String ROW_OF_GROUP = "#";

  /** {@code unit|plan_year#indicator_id|plan_year}: an indicator's row as one of its lead units counts it. */
  public static String leadUnitRow(String unit, int planYear, String planIndicatorKey) {
    return planGroup(unit, planYear) + ROW_OF_GROUP + planIndicatorKey;
  }

  /** The {@link #planGroup} of a {@link #leadUnitRow} key. */
  public static String groupOfLeadUnitRow(String leadUnitRowKey) {
    return leadUnitRowKey.substring(0, leadUnitRowKey.indexOf(ROW_OF_GROUP));
  }
}
