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
    @Option(names = "--quarter", paramLabel = "YYYY-Qn", description = "As of that quarter's end, e.g. 2024-Q2.")
    String quarter;

    @Option(names = "--as-of", paramLabel = "DATE", description = "As of that day, e.g. 2024-05-15.")
    LocalDate asOf;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  When when;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Folder for the files (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--dingtalk", description = "Also send it to the DingTalk robot of notify.webhook.url (notify.webhook.secret signs it).")
  boolean dingtalk;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PipelineConfig settings = config.load();
    OfficeData data = OfficeCommand.data(settings);
    LocalDate wanted = when == null ? null : when.quarter != null ? Quarters.parseEnd(when.quarter) : when.asOf;
    OfficeData.Clock clock = data.clock(wanted == null ? null : wanted.getYear()).orElse(null);
    if (clock == null) {
      spec.commandLine().getErr().println("qyx: no progress evaluated yet" + (wanted == null ? "" : " for " + wanted.getYear())
          + ": the clock has not reached any day of that plan year.");
      return 1;
    }
    LocalDate asOf = clock.clamp(wanted);
    if (wanted != null && !asOf.equals(wanted)) {
      spec.commandLine().getErr().printf("qyx: the clock reached %s to %s; the bulletin is as of %s, not %s.%n",
          clock.first(), clock.last(), asOf, wanted);
    }
    Bulletin bulletin = Bulletin.of(data, clock.planYear(), asOf);
    Files.createDirectories(out);
    String base = "晾晒通报-" + (Quarters.isQuarterEnd(asOf) ? asOf.getYear() + "-Q" + ((asOf.getMonthValue() + 2) / 3) : asOf.toString());
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
