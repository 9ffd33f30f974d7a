package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.producers.silence.SilenceLog;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code ./qyx silences}: the silences on record, active first, judged at the pipeline's as-of date. */
@Command(name = "silences", description = "Lists the silences: which alerts they mute, until when, why and who approved them.")
final class SilencesCommand implements Callable<Integer> {
  @CommandLine.Mixin StackOptions stack;
  @CommandLine.Spec CommandSpec spec;

  @Option(names = "--all", description = "Also list the silences that have ended.")
  boolean all;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<LocalDate> asOf = ClockTicks.latestAsOf(stack.kafka(), stack.registryUrl());
    Collection<Silence> silences = new SilenceLog(stack.kafka(), stack.registryUrl()).readAll().values();
    out.printf("As of %s: %d silence(s) on record.%n", asOf.map(LocalDate::toString).orElse("(no tick yet)"), silences.size());
    int shown = 0;
    for (Silence silence : silences) {
      boolean active = asOf.map(d -> !d.isAfter(silence.getExpires())).orElse(true);
      if (active || all) {
        out.printf("  %-11s %-7s %s%n", silence.getSilenceId(), active ? "active" : "ended", describe(silence));
        shown++;
      }
    }
    if (shown == 0) {
      out.println(all ? "  none" : "  none active (--all lists the ended ones)");
    }
    return 0;
  }

  static String describe(Silence s) {
    return s.getIndicatorId() + " " + (s.getKind() == null ? "every kind" : s.getKind()) + ", "
        + (s.getStarts() == null ? "" : "from " + s.getStarts() + " ") + "until " + s.getExpires()
        + ", approved by " + s.getApprovedBy() + ": " + s.getReason();
  }
}
