package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.catalog.PublishedCatalog;
import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.UnitAccounts;
import cn.gov.yuhuan.qyx.producers.ReportSender;
import cn.gov.yuhuan.qyx.schemas.Endpoints;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * Where the pipeline runs and who this command is there: the endpoints file that {@code infra/stack.sh
 * up} writes, then a login (a later file's settings win); for commands that send reports, the
 * folder of the units' own client files, from which each report's unit logs in.
 */
public final class StackOptions {
  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "stack.properties with bootstrap.servers and schema.registry.url, then the credentials to log in with "
          + "(repeatable, later files win; ./qyx passes .qyx/stack.properties and the right credentials file).")
  List<Path> configFiles;

  @Option(names = "--units-dir", paramLabel = "DIR",
      description = "The units' client files (./qyx up writes .qyx/units/ACCOUNT.properties): each report is sent as its unit.")
  Path unitsDir;

  /** The brokers, and the login the --config files hold. */
  public KafkaAccess kafka() {
    return KafkaAccess.from(Endpoints.read(configFiles));
  }

  public String registryUrl() {
    return Endpoints.read(configFiles).getString(Endpoints.SCHEMA_REGISTRY_URL);
  }

  /**
   * The login that sends {@code unit}'s reports: its client file under --units-dir, or without
   * --units-dir the --config files' own login (a unit system's single file).
   */
  public KafkaAccess kafkaFor(String unit) {
    if (unitsDir == null) {
      return kafka();
    }
    Path file = unitFiles().get(unit);
    if (file == null) {
      throw new IllegalArgumentException("no login for unit '" + unit + "' in " + unitsDir + " (./qyx up writes one for every unit of "
          + "the catalog; the units there: " + String.join(", ", unitFiles().keySet()) + ")");
    }
    List<Path> files = new ArrayList<>(configFiles);
    files.add(file);
    return KafkaAccess.from(Endpoints.read(files));
  }

  /** The published catalog, read as any unit (every unit may read it), or as the --config login without --units-dir. */
  public ReferenceData publishedCatalog() {
    return PublishedCatalog.read(kafkaForAnyUnit(), registryUrl());
  }

  /** Any unit's login (the first under --units-dir), or the --config login without --units-dir: a broken unit system's. */
  public KafkaAccess kafkaForAnyUnit() {
    if (unitsDir == null || unitFiles().isEmpty()) {
      return kafka();
    }
    return kafkaFor(unitFiles().keySet().iterator().next());
  }

  /** By unit code: the client files under --units-dir. */
  private Map<String, Path> unitFiles() {
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> listed = Files.list(unitsDir)) {
      listed.filter(f -> f.getFileName().toString().endsWith(".properties")).sorted().forEach(f ->
          Optional.ofNullable((String) Endpoints.read(List.of(f)).originals().get(UnitAccounts.CLIENT_FILE_UNIT)).ifPresent(unit -> files.putIfAbsent(unit, f)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + unitsDir + ": is the stack up (./qyx up)?", e);
    }
    return files;
  }

  /** A sender of {@code unit}'s reports, checking them against the published catalog. */
  public ReportSender connect(String unit) {
    return ReportSender.connect(kafkaFor(unit), registryUrl());
  }

  /** A sender of {@code unit}'s reports that checks them against {@code catalog}. */
  public ReportSender connect(String unit, ReferenceData catalog) {
    return ReportSender.connect(kafkaFor(unit), registryUrl(), catalog);
  }
}
