package cn.gov.yuhuan.qyx.ops.access;

import java.util.List;

/**
 * The Kafka users of a stack besides the units ({@code unit-ACCOUNT}, {@link
 * cn.gov.yuhuan.qyx.catalog.UnitAccounts}). What each may do is {@link AccessPolicy}.
 */
public final class Principals {
  /**
   * The broker's own login and the super user that sets a stack up. {@code infra/stack.sh} (bash)
   * names it too, as KAFKA_ADMIN_USER, and writes its file: the broker's config must hold it before
   * any Java runs.
   */
  public static final String ADMIN = "qyx-admin";
  /** The streams app, the sink, the notifier and the operator tools that rebuild what they derive. */
  public static final String PIPELINE = "qyx-pipeline";
  /** Ticks, the catalog, silences. */
  public static final String OPERATOR = "qyx-operator";
  /** Read-only: describes topics and consumer groups, for lag and health. */
  public static final String MONITOR = "qyx-monitor";
  /** The principals ./qyx up creates besides the units, in that order. */
  public static final List<String> SERVICES = List.of(PIPELINE, OPERATOR, MONITOR);

  private Principals() {}
}
