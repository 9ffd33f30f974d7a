package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.producers.ReportSender;
import cn.gov.yuhuan.qyx.schemas.Endpoints;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/** Where the pipeline runs: the endpoints file that {@code infra/stack.sh up} writes. */
public final class StackOptions {
  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "stack.properties with bootstrap.servers and schema.registry.url (./qyx passes .qyx/stack.properties).")
  Path configFile;

  private AbstractConfig endpoints() {
    var settings = new Properties();
    try (Reader in = Files.newBufferedReader(configFile)) {
      settings.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + configFile + ": is the stack up (./qyx up)?", e);
    }
    return new AbstractConfig(Endpoints.define(new ConfigDef()), settings, false);
  }

  public String bootstrapServers() {
    return String.join(",", endpoints().getList(Endpoints.BOOTSTRAP_SERVERS));
  }

  public String registryUrl() {
    return endpoints().getString(Endpoints.SCHEMA_REGISTRY_URL);
  }

  /** A sender that checks reports against the published catalog. */
  public ReportSender connect() {
    return ReportSender.connect(bootstrapServers(), registryUrl());
  }
}
