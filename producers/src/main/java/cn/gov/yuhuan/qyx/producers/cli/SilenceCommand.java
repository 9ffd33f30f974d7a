package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.catalog.PublishedCatalog;
import cn.gov.yuhuan.qyx.producers.silence.SilenceLog;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code ./qyx silence}: records an approved exemption (docs/design.md §6). The alerts it matches still
 * fire and are recorded in {@code qyx.alerts}, but nobody is notified until it expires.
 */
@Command(name = "silence", sortOptions = false,
    description = {"Mutes the alerts of one indicator until an as-of date, with the reason and who approved it; "
        + "or, with --lift, ends a silence early. Alerts keep firing and are recorded; notices wait until the silence ends."})
final class SilenceCommand implements Callable<Integer> {
  static final Set<String> KINDS = Set.of("LAGGING", "OVERDUE", "BREACHED", "MISSED");

  @CommandLine.Mixin StackOptions stack;
  @CommandLine.Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Parameters(paramLabel = "INDICATOR", description = "The indicator id, e.g. health.aed_installed.")
    String indicator;

    @Option(names = "--lift", paramLabel = "ID", description = "End the silence with this id now (it stops muting from the next as-of date).")
    String lift;
  }

  @Option(names = "--until", paramLabel = "DATE", description = "The last as-of date it mutes, inclusive (required for a new silence).")
  LocalDate until;

  @Option(names = "--kind", paramLabel = "KIND", description = "LAGGING, OVERDUE, BREACHED or MISSED; every kind when left out.")
  String kind;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why the exemption was granted (required for a new silence).")
  String reason;

  @Option(names = "--approved-by", required = true, paramLabel = "NAME", description = "Who approved it (or lifts it).")
  String approvedBy;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var log = new SilenceLog(stack.kafka(), stack.registryUrl());
    Optional<LocalDate> asOf = ClockTicks.latestAsOf(stack.kafka(), stack.registryUrl());
    if (target.lift != null) {
      return lift(log, asOf, out);
    }
    if (until == null || reason == null || reason.isBlank()) {
      throw new ParameterException(spec.commandLine(), "a new silence needs --until DATE and --reason TEXT");
    }
    if (kind != null && !KINDS.contains(kind)) {
      throw new ParameterException(spec.commandLine(), "--kind " + kind + " is not one of " + String.join(", ", KINDS.stream().sorted().toList()));
    }
    if (asOf.isPresent() && until.isBefore(asOf.get())) {
      throw new ParameterException(spec.commandLine(), "--until " + until + " is before the current as-of date " + asOf.get() + ": it would mute nothing");
    }
    PublishedCatalog catalog = PublishedCatalog.read(stack.kafka(), stack.registryUrl());
    if (catalog.planYears(target.indicator).isEmpty()) {
      throw new ParameterException(spec.commandLine(), "no indicator " + target.indicator + " in the published catalog");
    }
    // From the next evaluation on: the current date's alerts were judged before the silence existed.
    LocalDate starts = asOf.map(d -> d.plusDays(1)).orElse(null);
    var silence = new Silence("s-" + UUID.randomUUID().toString().substring(0, 8), target.indicator, null, kind, reason, approvedBy,
        starts, until, Instant.now());
    log.write(silence);
    out.printf("Silence %s: %s%n", silence.getSilenceId(), SilencesCommand.describe(silence));
    return 0;
  }

  /** Ends a silence by moving its expiry to the day before the current as-of date; its record stays. */
  private int lift(SilenceLog log, Optional<LocalDate> asOf, PrintWriter out) throws Exception {
    Silence silence = log.readAll().get(target.lift);
    if (silence == null) {
      throw new ParameterException(spec.commandLine(), "no silence " + target.lift + "; ./qyx silences lists them");
    }
    LocalDate lastDay = asOf.map(d -> d.minusDays(1)).orElse(LocalDate.MIN);
    if (silence.getExpires().isBefore(asOf.orElse(LocalDate.MIN))) {
      out.printf("Silence %s already ended on %s.%n", silence.getSilenceId(), silence.getExpires());
      return 0;
    }
    silence.setExpires(lastDay.isBefore(LocalDate.of(1970, 1, 1)) ? LocalDate.of(1970, 1, 1) : lastDay);
    silence.setReason(silence.getReason() + " (lifted by " + approvedBy + (asOf.map(d -> " on " + d).orElse("")) + ")");
    log.write(silence);
    out.printf("Silence %s lifted: it mutes nothing from the current as-of date %s.%n", silence.getSilenceId(),
        asOf.map(LocalDate::toString).orElse("(no tick yet)"));
    return 0;
  }
}
