package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Who answers for an indicator: its lead units (联合牵头: the first gets the alert notices, each is
 * credited in the lead-unit leagues) and the other units responsible with them. Any of them may
 * report it.
 */
public final class LeadUnits {
  private LeadUnits() {}

  /** Every lead unit, the one notices go to first. */
  public static List<String> of(IndicatorDefinition indicator) {
    return of(indicator.getLeadUnit(), indicator.getJointLeadUnits());
  }

  /** Every lead unit an indicator's row is counted for. */
  public static List<String> of(IndicatorProgress row) {
    return of(row.getLeadUnit(), row.getJointLeadUnits());
  }

  private static List<String> of(String lead, List<String> joint) {
    List<String> leads = new ArrayList<>(1 + joint.size());
    leads.add(lead);
    leads.addAll(joint);
    return leads;
  }

  /** Whether {@code unit} may report the indicator. */
  public static boolean responsible(IndicatorDefinition indicator, String unit) {
    return of(indicator).contains(unit) || indicator.getOtherUnits().contains(unit);
  }
}
