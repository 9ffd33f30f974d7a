package cn.gov.yuhuan.qyx.ops.access;

import cn.gov.yuhuan.qyx.catalog.UnitAccounts;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.TopicSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * Sets up who may do what on a stack's brokers, as {@value Principals#ADMIN}: a SCRAM login for
 * each principal of {@link Principals} and each unit, written to an owner-only file the first time
 * ({@link CredentialFiles}) and kept after that, and the ACLs of {@link AccessPolicy}. Run by
 * {@code ./qyx up} on every start; doing it again changes nothing.
 */
public final class AccessSetup {
  /** SCRAM's iteration count: Kafka's minimum for SHA-512 is 4,096. */
  private static final int ITERATIONS = 8192;

  /** What a run set up. */
  public record Result(List<String> principals, int acls) {}

  private final KafkaAccess admin;
  private final CredentialFiles files;
  private final String registryUrl;

  public AccessSetup(KafkaAccess admin, CredentialFiles files, String registryUrl) {
    this.admin = admin;
    this.files = files;
    this.registryUrl = registryUrl;
  }

  /**
   * Every principal and ACL for the streams app {@code applicationId} and {@code units}, and each
   * unit's topic of reports ({@code replication} replicas, -1 for the brokers' default).
   */
  public Result apply(String applicationId, Collection<UnitDefinition> units, short replication) throws InterruptedException, ExecutionException {
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String principal : Principals.SERVICES) {
      String password = CredentialFiles.password(files.service(principal)).orElseGet(CredentialFiles::newPassword);
      files.writeService(principal, password);
      passwords.put(principal, password);
    }
    List<String> accounts = new ArrayList<>();
    for (UnitDefinition unit : units) {
      if (!UnitAccounts.isValid(unit.getAccount())) {
        throw new IllegalArgumentException("unit " + unit.getCode() + " has no account in the catalog (units.csv): it could not log in");
      }
      String principal = UnitAccounts.principal(unit.getAccount());
      String password = CredentialFiles.password(files.unit(unit.getAccount())).orElseGet(CredentialFiles::newPassword);
      files.writeUnit(unit.getAccount(), unit.getCode(), principal, password, admin.bootstrapServers(), registryUrl);
      passwords.put(principal, password);
      accounts.add(unit.getAccount());
    }
    List<AclBinding> acls = AccessPolicy.bindings(applicationId, accounts);
    try (Admin client = Admin.create(admin.clientConfig())) {
      upsert(client, passwords);
      client.createAcls(acls).all().get();
      removeStaleUnitAcls(client, acls);
      TopicSetup.ensureUnitTopics(client, accounts, replication);
    }
    return new Result(List.copyOf(passwords.keySet()), acls.size());
  }

  /**
   * Deletes every unit's ACL the policy no longer grants: those of an earlier version (units wrote
   * the event log itself before each had a topic) and those of units gone from the catalog, whose
   * logins then may do nothing. The services' ACLs are left as they are.
   */
  private static void removeStaleUnitAcls(Admin client, List<AclBinding> granted) throws InterruptedException, ExecutionException {
    Set<AclBinding> keep = new HashSet<>(granted);
    List<AclBindingFilter> stale = client.describeAcls(AclBindingFilter.ANY).values().get().stream()
        .filter(binding -> binding.entry().principal().startsWith("User:" + UnitAccounts.PRINCIPAL_PREFIX) && !keep.contains(binding))
        .map(AclBinding::toFilter).toList();
    if (!stale.isEmpty()) {
      client.deleteAcls(stale).all().get();
    }
  }

  /**
   * A new password for a unit: the broker takes it at once (connections already open stay open
   * until they close), and the unit's file holds it. Returns the file.
   */
  public Path rotate(UnitDefinition unit) throws InterruptedException, ExecutionException {
    String principal = UnitAccounts.principal(unit.getAccount());
    String password = CredentialFiles.newPassword();
    try (Admin client = Admin.create(admin.clientConfig())) {
      upsert(client, Map.of(principal, password));
    }
    files.writeUnit(unit.getAccount(), unit.getCode(), principal, password, admin.bootstrapServers(), registryUrl);
    return files.unit(unit.getAccount());
  }

  private static void upsert(Admin client, Map<String, String> passwords) throws InterruptedException, ExecutionException {
    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    passwords.forEach((principal, password) -> upserts.add(new UserScramCredentialUpsertion(principal,
        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)));
    client.alterUserScramCredentials(upserts).all().get();
  }
}
