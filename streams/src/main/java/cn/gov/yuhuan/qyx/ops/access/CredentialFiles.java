package cn.gov.yuhuan.qyx.ops.access;

import cn.gov.yuhuan.qyx.catalog.UnitAccounts;
import cn.gov.yuhuan.qyx.schemas.Endpoints;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka logins of a stack, one owner-only file each under its home: {@code secrets/PRINCIPAL.properties}
 * for the pipeline, the operator and the monitor (the login alone; the commands read it after
 * {@code stack.properties}), and {@code units/ACCOUNT.properties} for each unit: every setting its
 * system needs, to hand over as it is.
 */
public final class CredentialFiles {
  static final String MECHANISM = "SCRAM-SHA-512";
  private static final Pattern PASSWORD = Pattern.compile("password=\"([^\"]*)\"");
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path home;

  public CredentialFiles(Path home) {
    this.home = home;
  }

  public Path service(String principal) {
    return home.resolve("secrets").resolve(principal + ".properties");
  }

  public Path unitsDir() {
    return home.resolve("units");
  }

  public Path unit(String account) {
    return unitsDir().resolve(account + ".properties");
  }

  /** A new password: 24 letters and digits (about 140 bits). */
  static String newPassword() {
    var password = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  /** The password a credentials file holds, if the file is there. */
  static Optional<String> password(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Matcher password = PASSWORD.matcher(read(file).getProperty(Endpoints.SASL_JAAS_CONFIG, ""));
    return password.find() ? Optional.of(password.group(1)) : Optional.empty();
  }

  static String jaas(String principal, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
        + "\" password=\"" + password + "\";";
  }

  /** Writes a service principal's login. */
  void writeService(String principal, String password) {
    write(service(principal), "# Kafka login of " + principal + ", written by ./qyx up. Owner-only.\n" + login(principal, password));
  }

  /** Writes a unit's whole client configuration: what to give that unit's system. */
  void writeUnit(String account, String unitCode, String principal, String password, String bootstrapServers, String registryUrl) {
    write(unit(account), "# 七优享: the Kafka client settings of " + unitCode + " (user " + principal + "), written by ./qyx up.\n"
        + "# Owner-only: give it to that unit's system alone. ./qyx units rotate " + account + " replaces the password.\n"
        + Endpoints.BOOTSTRAP_SERVERS + "=" + bootstrapServers + "\n"
        + Endpoints.SCHEMA_REGISTRY_URL + "=" + registryUrl + "\n"
        + login(principal, password)
        + UnitAccounts.CLIENT_FILE_UNIT + "=" + unitCode + "\n");
  }

  private static String login(String principal, String password) {
    return Endpoints.SECURITY_PROTOCOL + "=SASL_PLAINTEXT\n"
        + Endpoints.SASL_MECHANISM + "=" + MECHANISM + "\n"
        + Endpoints.SASL_JAAS_CONFIG + "=" + jaas(principal, password) + "\n";
  }

  public static Properties read(Path file) {
    var props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return props;
  }

  /** Owner-only from the first byte: created 0600 under a new name, then moved into place. */
  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
