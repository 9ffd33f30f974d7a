package cn.gov.yuhuan.qyx.catalog;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A unit's account: the name its unit system logs in to Kafka with, and the part of the names of
 * what it may write. The plan names units in Chinese, which Kafka allows in neither principals'
 * topic names nor ACL prefixes, so {@code units.csv} gives each unit a short ASCII account.
 */
public final class UnitAccounts {
  /** What an account may look like, as a catalog error says it. */
  public static final String RULE = "2 to 32 characters of a-z, 0-9 and '-', starting with a letter";
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{1,31}");
  /** The property of a unit's client file (./qyx up writes one per unit) that names the unit: its reporting_unit. */
  public static final String CLIENT_FILE_UNIT = "qyx.unit";
  /** The Kafka user name of a unit's system: {@code unit-ACCOUNT}. */
  public static final String PRINCIPAL_PREFIX = "unit-";

  private UnitAccounts() {}

  public static boolean isValid(String account) {
    return account != null && VALID.matcher(account).matches();
  }

  /** The SASL user name a unit's system logs in as. */
  public static String principal(String account) {
    return PRINCIPAL_PREFIX + account;
  }

  /** The account of a unit's SASL user name, or empty for a login that is no unit's (the operator's, the pipeline's). */
  public static Optional<String> accountOf(String principal) {
    if (principal == null || !principal.startsWith(PRINCIPAL_PREFIX)) {
      return Optional.empty();
    }
    String account = principal.substring(PRINCIPAL_PREFIX.length());
    return isValid(account) ? Optional.of(account) : Optional.empty();
  }
}
