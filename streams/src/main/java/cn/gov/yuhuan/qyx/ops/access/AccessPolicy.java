package cn.gov.yuhuan.qyx.ops.access;

import cn.gov.yuhuan.qyx.catalog.UnitAccounts;
import cn.gov.yuhuan.qyx.ops.Rebuild;
import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the brokers: the one list of the pipeline's ACLs. The broker denies whatever
 * is not here ({@code allow.everyone.if.no.acl.found=false}); {@value Principals#ADMIN}, a super
 * user, only sets the stack up.
 *
 * <ul>
 *   <li>{@value Principals#PIPELINE} (streams app, sink, notifier, rebuild): reads every topic, owns
 *       the topics it derives ({@link Rebuild#DERIVED_TOPICS}), its internal topics, its consumer
 *       groups and transactional ids, appends to the notifier's ledger, and copies the units'
 *       reports into the event log (the intake).
 *   <li>{@value Principals#OPERATOR}: writes the clock, the catalog and the silences, and ticks into
 *       the event log; nobody else writes them. Sees how far the intake has copied.
 *   <li>{@value Principals#MONITOR}: describes topics and groups (lag), reads no record.
 *   <li>each unit ({@code unit-ACCOUNT}): writes reports to its own topic ({@code qyx.reports.ACCOUNT.v1})
 *       and reads the catalog, to check a report before sending it; nothing else.
 * </ul>
 */
public final class AccessPolicy {
  /** Every topic of the pipeline starts so; its consumer groups and transactional ids start with {@link #ID_PREFIX}. */
  static final String TOPIC_PREFIX = "qyx.";
  static final String ID_PREFIX = "qyx-";
  /** The catalog's topics: written by the operator, read by everyone who checks a report. */
  static final List<String> CATALOG_TOPICS = List.of(Topics.REF_INDICATORS, Topics.REF_AREAS, Topics.REF_UNITS, Topics.REF_DOMAINS);
  /** Topics only the operator writes. */
  static final List<String> OPERATOR_TOPICS = concat(CATALOG_TOPICS, List.of(Topics.CLOCK, Topics.SILENCES));

  private AccessPolicy() {}

  /**
   * Every ACL of a stack whose streams app has {@code applicationId} (its internal topics and
   * transactional ids start with it) and whose units have {@code unitAccounts}.
   */
  public static List<AclBinding> bindings(String applicationId, Collection<String> unitAccounts) {
    List<AclBinding> acls = new ArrayList<>();
    String pipeline = Principals.PIPELINE;
    allow(acls, pipeline, prefixed(ResourceType.TOPIC, TOPIC_PREFIX), AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
    // What it derives it may delete (a rebuild does) and configure; the notifier's ledger of notices
    // sent it only appends to, since a rebuild keeps it so nothing is sent twice.
    for (String topic : Rebuild.DERIVED_TOPICS) {
      allow(acls, pipeline, literal(ResourceType.TOPIC, topic), AclOperation.ALL);
    }
    allow(acls, pipeline, literal(ResourceType.TOPIC, Topics.NOTICES_SENT), AclOperation.WRITE);
    // What the notifier could not decode, set aside for the sink; kept, as what was lost to a bug.
    allow(acls, pipeline, literal(ResourceType.TOPIC, Topics.UNDECODABLE_RECORDS), AclOperation.WRITE);
    // The intake copies the units' reports into the event log.
    allow(acls, pipeline, literal(ResourceType.TOPIC, Topics.PROGRESS_REPORTS), AclOperation.WRITE);
    allow(acls, pipeline, prefixed(ResourceType.TOPIC, applicationId + "-"), AclOperation.ALL);
    allow(acls, pipeline, prefixed(ResourceType.GROUP, ID_PREFIX), AclOperation.ALL);
    allow(acls, pipeline, prefixed(ResourceType.TRANSACTIONAL_ID, ID_PREFIX), AclOperation.ALL);
    allow(acls, pipeline, cluster(), AclOperation.DESCRIBE, AclOperation.IDEMPOTENT_WRITE);

    String operator = Principals.OPERATOR;
    for (String topic : OPERATOR_TOPICS) {
      allow(acls, operator, literal(ResourceType.TOPIC, topic), AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);
    }
    allow(acls, operator, literal(ResourceType.TOPIC, Topics.PROGRESS_REPORTS), AclOperation.WRITE, AclOperation.DESCRIBE);
    // A tick waits until the intake has copied what the units sent before it: how far it is.
    allow(acls, operator, prefixed(ResourceType.TOPIC, Topics.UNIT_REPORTS_PREFIX), AclOperation.DESCRIBE);
    allow(acls, operator, literal(ResourceType.GROUP, Intake.APPLICATION_ID), AclOperation.DESCRIBE);

    String monitor = Principals.MONITOR;
    allow(acls, monitor, prefixed(ResourceType.TOPIC, TOPIC_PREFIX), AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
    allow(acls, monitor, prefixed(ResourceType.TOPIC, applicationId + "-"), AclOperation.DESCRIBE);
    allow(acls, monitor, prefixed(ResourceType.GROUP, ID_PREFIX), AclOperation.DESCRIBE);
    allow(acls, monitor, cluster(), AclOperation.DESCRIBE);

    for (String account : new TreeSet<>(unitAccounts)) {
      String unit = UnitAccounts.principal(account);
      allow(acls, unit, literal(ResourceType.TOPIC, Topics.unitReportsTopic(account)), AclOperation.WRITE, AclOperation.DESCRIBE);
      for (String topic : CATALOG_TOPICS) {
        allow(acls, unit, literal(ResourceType.TOPIC, topic), AclOperation.READ, AclOperation.DESCRIBE);
      }
    }
    return acls;
  }

  private static void allow(List<AclBinding> acls, String principal, ResourcePattern resource, AclOperation... operations) {
    for (AclOperation operation : operations) {
      acls.add(new AclBinding(resource, new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW)));
    }
  }

  private static ResourcePattern literal(ResourceType type, String name) {
    return new ResourcePattern(type, name, PatternType.LITERAL);
  }

  private static ResourcePattern prefixed(ResourceType type, String prefix) {
    return new ResourcePattern(type, prefix, PatternType.PREFIXED);
  }

  private static ResourcePattern cluster() {
    return new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
