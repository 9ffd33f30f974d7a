package cn.gov.yuhuan.qyx.office;

import cn.gov.yuhuan.qyx.cli.PipelineCommand.ConfigOptions;
import cn.gov.yuhuan.qyx.notify.DingTalkRobot;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./qyx bulletin}: the 晾晒通报 as of a quarter end or a date, as .docx and .md, optionally to DingTalk. */
@Command(name = "bulletin", mixinStandardHelpOptions = true,
    description = "Write the 晾晒通报 (league-table notice) as of a quarter end or a date: a .docx and a .md.")
final class BulletinCommand implements Callable<Integer> {
  @CommandLine.Mixin ConfigOptions config;

  static final class When {
    @Option(names = "--quarter", paramLabel = "YYYY-Qn", converter = QuarterEnd.class,
        description = "As of that quarter's end, e.g. 2024-Q2.")
    LocalDate quarterEnd;

    @Option(names = "--as-of", paramLabel = "DATE", description = "As of that day, e.g. 2024-05-15.")
    LocalDate asOf;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  When when;

  @Option(names = "--plan-year", paramLabel = "YYYY",
      description = "The plan year (default: the latest whose clock had started by that day; a plan year is judged into the next calendar year).")
  Integer planYear;

  /** 2024-Q2 as its last day, or picocli's own error for anything else. */
  static final class QuarterEnd implements CommandLine.ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return Quarters.parseEnd(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a quarter like 2024-Q2");
      }
    }
  }

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Folder for the files (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--dingtalk", description = "Also send it to the DingTalk robot of notify.webhook.url (notify.webhook.secret signs it).")
  boolean dingtalk;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PipelineConfig settings = config.load();
    OfficeData data = OfficeCommand.data(settings);
    var err = spec.commandLine().getErr();
    LocalDate wanted = when == null ? null : when.quarterEnd != null ? when.quarterEnd : when.asOf;
    OfficeData.Clock clock = data.clockFor(planYear, wanted).orElse(null);
    if (clock == null) {
      err.println("qyx: no progress has been evaluated" + (planYear != null ? " for plan year " + planYear
          : wanted != null ? " by " + wanted : "") + ": the clock has not reached that day yet (./qyx tick, or the ticker).");
      return 1;
    }
    if (wanted != null && wanted.isAfter(clock.last())) {
      err.printf("qyx: plan year %d's clock has reached %s only: no bulletin as of %s yet.%n", clock.planYear(), clock.last(), wanted);
      return 1;
    }
    LocalDate asOf = data.evaluatedDay(clock, wanted).orElse(null);
    if (asOf == null) {
      err.printf("qyx: %s is before plan year %d's first evaluated day, %s.%n", wanted, clock.planYear(), clock.first());
      return 1;
    }
    if (wanted != null && !asOf.equals(wanted)) {
      err.printf("qyx: the clock skipped %s: the bulletin is as of %s, the last day before it.%n", wanted, asOf);
    }
    Bulletin bulletin = Bulletin.of(data, clock.planYear(), asOf);
    Files.createDirectories(out);
    String day = Quarters.isQuarterEnd(asOf) ? asOf.getYear() + "-Q" + ((asOf.getMonthValue() + 2) / 3) : asOf.toString();
    String base = "晾晒通报-" + (asOf.getYear() == clock.planYear() ? "" : clock.planYear() + "年度-") + day;
    Path docx = out.resolve(base + ".docx");
    Path md = out.resolve(base + ".md");
    BulletinDocx.write(bulletin, docx);
    Files.writeString(md, BulletinMarkdown.render(bulletin), StandardCharsets.UTF_8);
    System.out.printf("%s%n  Word:     %s%n  Markdown: %s%n", bulletin.title(), docx.toAbsolutePath(), md.toAbsolutePath());
    if (dingtalk) {
      String url = settings.getPassword(PipelineConfig.NOTIFY_WEBHOOK_URL).value();
      if (url.isBlank()) {
        spec.commandLine().getErr().println("qyx: --dingtalk needs the robot's URL: set QYX_NOTIFY_WEBHOOK_URL (and QYX_NOTIFY_WEBHOOK_SECRET).");
        return 1;
      }
      new DingTalkRobot(URI.create(url), settings.getPassword(PipelineConfig.NOTIFY_WEBHOOK_SECRET).value())
          .sendMarkdown(BulletinMarkdown.dingTalkTitle(bulletin), BulletinMarkdown.renderForDingTalk(bulletin));
      System.out.println("  Sent to the DingTalk robot.");
    }
    return 0;
  }
}
