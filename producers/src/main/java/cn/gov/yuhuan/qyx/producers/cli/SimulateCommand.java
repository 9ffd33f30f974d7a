package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.catalog.UnitAccounts;
import cn.gov.yuhuan.qyx.events.ClockTick;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.producers.ReportSender;
import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.producers.simulate.Send;
import cn.gov.yuhuan.qyx.producers.simulate.YearSimulation;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./qyx simulate}: a simulated plan year of reports from every unit, for the demo and for
 * load. Good reports go through the checked sender; bad ones are sent unchecked, as a broken unit
 * system would, so the pipeline dead-letters them.
 */
@Command(name = "simulate", sortOptions = false,
    description = {"Sends a simulated year of reports: every indicator and area at its cadence, with late reports, corrections, "
        + "retractions, re-sent events and a share of bad records. The same seed and date send the same records."})
final class SimulateCommand implements Callable<Integer> {
  private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
  private static final int ERRORS_SHOWN = 5;

  @CommandLine.Mixin StackOptions stack;
  @CommandLine.Spec CommandSpec spec;

  @Option(names = "--seed", defaultValue = "2024", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--plan-year", paramLabel = "YEAR",
      description = "The plan year to simulate, one of the catalog's (default: its latest).")
  Integer planYear;

  @Option(names = "--until", paramLabel = "DATE",
      description = "Send what the units would have sent up to this day, inclusive (default: the plan year's last day; "
          + "December's and Q4's reports come in January, late ones and their corrections as late as April: 2025-04-30 sends every "
          + "one of 2024).")
  LocalDate until;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "N",
      description = "Records per second; 0 sends as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--bad-share", defaultValue = "0.02", paramLabel = "SHARE",
      description = "Share of all records that are bad, 0 to below 1 (default: ${DEFAULT-VALUE}).")
  BigDecimal badShare;

  @Option(names = "--ticks", defaultValue = "true", negatable = true,
      description = "Tick the clock at the start of every simulated day, as the production ticker does, so status and alerts "
          + "move with the simulated year (default: on; --no-ticks sends reports only).")
  boolean ticks;

  @Option(names = "--expected", paramLabel = "FILE",
      description = "Write the city-wide actual each indicator must show, one 'indicator_id<TAB>actual' line each, sorted by id.")
  Path expectedFile;

  @Option(names = "--dry-run", description = "Print what would be sent, send nothing.")
  boolean dryRun;

  @Option(names = "--catalog", defaultValue = "catalog/data", paramLabel = "DIR",
      description = "The catalog files the units work from (default: ${DEFAULT-VALUE}).")
  Path catalogDir;

  private PrintWriter out;

  @Override
  public Integer call() throws IOException {
    out = spec.commandLine().getOut();
    if (rate < 0) {
      throw new ParameterException(spec.commandLine(), "--rate " + rate + " must be 0 (as fast as possible) or more");
    }
    if (badShare.signum() < 0 || badShare.compareTo(BigDecimal.ONE) >= 0) {
      throw new ParameterException(spec.commandLine(), "--bad-share " + badShare.toPlainString() + " must be at least 0 and below 1");
    }
    Catalog catalog = Catalog.load(catalogDir);
    if (planYear == null) {
      planYear = catalog.latestPlanYear();
    } else if (!catalog.planYears().contains(planYear)) {
      throw new ParameterException(spec.commandLine(), "--plan-year " + planYear + " is not a plan of the catalog " + catalog.planYears());
    }
    if (until == null) {
      until = Catalog.planEnd(planYear);
    }
    YearSimulation simulation = YearSimulation.generate(catalog, planYear, seed, until, badShare);
    printPlan(simulation);
    int exitCode = 0;
    if (!dryRun) {
      exitCode = send(simulation.sends(), Catalog.planStart(planYear));
    }
    if (expectedFile != null) {
      writeExpected(simulation.expectedActuals());
    }
    return exitCode;
  }

  private void printPlan(YearSimulation simulation) {
    var c = simulation.counts();
    out.printf("Simulated year, seed %d, up to %s: %,d records%s for %d indicators.%n", seed, until, c.total(),
        c.firstDay() == null ? "" : " made " + c.firstDay() + ".." + c.lastDay(), c.indicators());
    out.printf("  good %,d: %,d first reports (%,d after the grace days), %,d corrections, %,d retractions, %,d re-sent%n",
        c.good(), c.firstReports(), c.overdue(), c.corrections(), c.retractions(), c.duplicates());
    out.printf("  bad  %,d, sent unchecked for the pipeline to dead-letter%s%n", c.bad(), c.badByReason().isEmpty() ? "" : ": "
        + c.badByReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    if (dryRun) {
      out.println("Dry run: nothing sent.");
    }
  }

  /**
   * Sends every record in order, paced if asked, and waits for every acknowledgement. With ticks,
   * each simulated day from {@code firstDay} to {@code --until} is ticked at its start, before its
   * records, as the production ticker does: appended after the reports of the days before and
   * before the day's own, so the pipeline judges each date on exactly the reports sent before the
   * next day's tick. Every record carries its simulated time as its timestamp.
   */
  private int send(List<Send> sends, LocalDate firstDay) {
    LocalDate nextTick = firstDay;
    int ticked = 0;
    RateLimiter pace = rate > 0 ? paceOf(rate) : null;
    Topics topics = new Topics(new RegistryAvroSerdes(stack.registryUrl()));
    Topic<String, ProgressReport> topic = topics.progressReports();
    Topic<String, ClockTick> clockTopic = topics.clock();
    var acked = new AtomicInteger();
    var failed = new AtomicInteger();
    var resent = new AtomicInteger();
    Queue<String> errors = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> acks = new ArrayList<>(sends.size());
    long start;
    // Bad records bypass the sender's checks, as a broken unit system's would: a unit's topic, same keys, same wire format.
    KafkaAccess anyUnit = stack.kafkaForAnyUnit();
    String uncheckedTopic = Topics.unitReportsTopic(UnitAccounts.accountOf(anyUnit.principal()).orElseThrow());
    boolean reportsSinceTick = true; // the first tick waits for whatever came before this run too
    try (var sender = new UnitSenders(stack);
        var unchecked = new KafkaProducer<>(ReportSender.producerConfig(anyUnit), new ByteArraySerializer(), new ByteArraySerializer());
        var operator = Admin.create(stack.kafka().clientConfig());
        // Ticks are the operator's (--config): into the event log, and on the clock topic.
        var tickWriter = new KafkaProducer<>(ReportSender.producerConfig(stack.kafka()), new ByteArraySerializer(), new ByteArraySerializer());
        var clock = new KafkaProducer<>(ReportSender.producerConfig(stack.kafka()), new StringSerializer(),
            clockTopic.valueSerde().serializer())) {
      Runnable flushReports = () -> {
        sender.flush();
        unchecked.flush();
      };
      start = System.nanoTime(); // from the first send: reading the published catalog is not sending
      long nextProgress = start + PROGRESS_EVERY_NANOS;
      BiConsumer<Object, Throwable> count = (ok, error) -> {
        if (error == null) {
          acked.incrementAndGet();
        } else {
          failed.incrementAndGet();
          if (errors.size() < ERRORS_SHOWN) {
            errors.add(error.getMessage());
          }
        }
      };
      for (int i = 0; i < sends.size(); i++) {
        if (pace != null && !pace.acquirePermission()) {
          throw new IllegalStateException("the rate limiter gave no permit within " + pace.getRateLimiterConfig().getTimeoutDuration());
        }
        for (LocalDate day = YearSimulation.sentOn(sends.get(i)); ticks && !nextTick.isAfter(day); nextTick = nextTick.plusDays(1)) {
          appendTick(clock, nextTick, count, flushReports, tickWriter, reportsSinceTick ? operator : null);
          reportsSinceTick = false;
          ticked++;
        }
        Send next = sends.get(i);
        acks.add(resentOnTimeout(() -> sendOne(next, sender, unchecked, topic, uncheckedTopic), resent).whenComplete(count));
        reportsSinceTick = true;
        long now = System.nanoTime();
        if (now >= nextProgress) {
          printProgress(i + 1, sends.size(), acked.get(), now - start);
          nextProgress = now + PROGRESS_EVERY_NANOS;
        }
      }
      for (; ticks && !nextTick.isAfter(until); nextTick = nextTick.plusDays(1)) {
        appendTick(clock, nextTick, count, flushReports, tickWriter, reportsSinceTick ? operator : null);
        reportsSinceTick = false;
        ticked++;
      }
      sender.flush();
      unchecked.flush();
      tickWriter.flush();
      clock.flush();
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).handle((ok, error) -> null).join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf("Sent %,d records in %.1f s (%,.0f records/s): %,d acknowledged, %,d failed.%n",
        sends.size() + ticked, seconds, sends.size() / Math.max(seconds, 1e-3), acked.get(), failed.get());
    if (ticked > 0) {
      out.printf("  of which %,d clock ticks, one per simulated day up to %s%n", ticked, until);
    }
    if (resent.get() > 0) {
      out.printf("  %,d sent again after the broker did not acknowledge them within the producer's delivery timeout%n", resent.get());
    }
    errors.forEach(e -> out.println("  failed: " + e));
    return failed.get() == 0 ? 0 : 1;
  }

  /**
   * Appends the tick of {@code day} to every partition of the event log after every report sent so
   * far and before any sent later, as the day's reports would be in a live year (a report counts
   * from the last tick before it in its partition), then records it on the clock topic. With
   * {@code intakeWatch}, the reports sent since the last tick are first waited for until the intake
   * has copied them into the event log.
   */
  private static void appendTick(KafkaProducer<String, ClockTick> clock, LocalDate day, BiConsumer<Object, Throwable> count,
      Runnable flushReports, KafkaProducer<byte[], byte[]> tickWriter, Admin intakeWatch) {
    flushReports.run();
    if (intakeWatch != null) {
      try {
        Intake.awaitCopied(intakeWatch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the intake", e);
      }
    }
    Instant startOfDay = day.atStartOfDay(ReportRules.PLAN_ZONE).toInstant();
    var tick = new ClockTick(day, startOfDay, "simulate");
    List<CompletableFuture<?>> acks = new ArrayList<>();
    for (var record : ClockTicks.eventLogRecords(tick, tickWriter.partitionsFor(Topics.PROGRESS_REPORTS).size())) {
      acks.add(acknowledged(ack -> tickWriter.send(record, ack)));
    }
    acks.add(acknowledged(ack -> clock.send(new ProducerRecord<>(Topics.CLOCK, null, startOfDay.toEpochMilli(), ClockTicks.KEY, tick), ack)));
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete(count).handle((ok, error) -> null).join();
  }

  /**
   * {@code send}, and once more if the broker did not acknowledge it within the producer's delivery
   * timeout (120 s), as a unit's system would: the first may or may not have been written, and the
   * pipeline counts a report sent twice once. ./qyx chaos saw one report of a quarter's load expire
   * so across a broker restart, once in five runs. Sent again off the producer's I/O thread, which
   * completes the first: a send there could block it.
   */
  private static CompletableFuture<?> resentOnTimeout(Supplier<CompletableFuture<?>> send, AtomicInteger resent) {
    return send.get().handle((ok, error) -> error).thenComposeAsync(error -> {
      if (error == null) {
        return CompletableFuture.completedFuture(null);
      }
      Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
      if (!(cause instanceof org.apache.kafka.common.errors.TimeoutException)) {
        return CompletableFuture.failedFuture(cause);
      }
      resent.incrementAndGet();
      return send.get();
    });
  }

  /** A send's acknowledgement as a future. */
  private static CompletableFuture<?> acknowledged(java.util.function.Consumer<org.apache.kafka.clients.producer.Callback> send) {
    var ack = new CompletableFuture<>();
    send.accept((metadata, error) -> {
      if (error != null) {
        ack.completeExceptionally(error);
      } else {
        ack.complete(metadata);
      }
    });
    return ack;
  }

  private static CompletableFuture<?> sendOne(Send send, UnitSenders sender, KafkaProducer<byte[], byte[]> unchecked,
      Topic<String, ProgressReport> topic, String uncheckedTopic) {
    if (send instanceof Send.Good good) {
      return sender.send(good.report(), send.sentAt());
    }
    byte[] key;
    byte[] value;
    if (send instanceof Send.Bad bad) {
      ProgressReport report = Reports.withContractScale(bad.report());
      key = topic.keySerde().serializer().serialize(topic.name(), DataValueKey.of(report));
      value = topic.valueSerde().serializer().serialize(topic.name(), report);
    } else {
      Send.Garbled garbled = (Send.Garbled) send;
      key = garbled.key().getBytes(StandardCharsets.UTF_8);
      value = garbled.value();
    }
    var ack = new CompletableFuture<>();
    unchecked.send(new ProducerRecord<>(uncheckedTopic, null, send.sentAt().toEpochMilli(), key, value), (metadata, error) -> {
      if (error != null) {
        ack.completeExceptionally(error);
      } else {
        ack.complete(metadata);
      }
    });
    return ack;
  }

  /**
   * At most {@code perSecond} permits a second, handed out in cycles of about 10 ms: short enough to
   * spread the sends evenly rather than in one burst a second, long enough that a thread woken a
   * little late still gets its cycle's permits (unused permits do not carry over to the next cycle).
   */
  static RateLimiter paceOf(int perSecond) {
    int permitsPerCycle = Math.max(1, perSecond / 100);
    long cycleNanos = 1_000_000_000L * permitsPerCycle / perSecond;
    return RateLimiter.of("simulate", RateLimiterConfig.custom()
        .limitForPeriod(permitsPerCycle)
        .limitRefreshPeriod(Duration.ofNanos(cycleNanos))
        .timeoutDuration(Duration.ofMinutes(1))
        .build());
  }

  private void printProgress(int sent, int total, int acked, long elapsedNanos) {
    out.printf("  %,d of %,d sent (%d%%), %,.0f records/s, %,d acknowledged%n",
        sent, total, 100L * sent / total, sent / (elapsedNanos / 1e9), acked);
  }

  private void writeExpected(Map<String, BigDecimal> actuals) throws IOException {
    try (Writer file = Files.newBufferedWriter(expectedFile)) {
      for (Map.Entry<String, BigDecimal> e : actuals.entrySet()) {
        file.write(e.getKey() + "\t" + e.getValue().toPlainString() + "\n");
      }
    }
    out.printf("Expected actuals of %d indicators written to %s.%n", actuals.size(), expectedFile);
  }
}
