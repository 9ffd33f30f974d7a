package cn.gov.yuhuan.qyx.office;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.it.LocalStack;
import cn.gov.yuhuan.qyx.it.PipelineRun;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.producers.cli.ProducerCommand;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The dashboard in a real browser (Debian's chromium through its chromium-driver, which
 * {@code infra/stack.sh install-browser} installs) on a real stack with a simulated half year: every
 * page loads without a script error, shows ClickHouse's figures, answers its filters and the as-of
 * date; the league page shows the bulletin's rows; a screenshot of each page goes to
 * office/target/screenshots.
 */
class DashboardIT {
  private static final LocalDate UNTIL = LocalDate.of(2024, 6, 30);
  /** The indicators judged against a target: goals stated by direction only (MONITORED) are listed apart. */
  private static final String JUDGED = "AND indicator_id NOT IN (SELECT indicator_id FROM qyx.plan_indicators WHERE trajectory = 'MONITORED')";
  private static final Path SCREENSHOTS = Path.of("target/screenshots");
  private static LocalStack stack;
  private static PipelineRun run;
  private static DashboardServer server;
  private static ChromeDriver browser;
  private static ClickHouseQuery clickhouse;
  private static OfficeData data;

  @BeforeAll
  static void startStackWithAHalfYearAndTheBrowser() throws Exception {
    stack = LocalStack.start("DashboardIT");
    run = PipelineRun.start(stack);
    List<String> args = new ArrayList<>(List.of("simulate"));
    args.addAll(stack.producerLogin("simulate"));
    args.addAll(List.of("--seed", "2024", "--until", UNTIL.toString(), "--catalog", "../catalog/data"));
    assertThat(new CommandLine(new ProducerCommand()).execute(args.toArray(String[]::new))).as("./qyx simulate exit code").isZero();
    run.awaitLanding();
    clickhouse = stack.analyst();
    data = new OfficeData(clickhouse, "qyx");
    server = new DashboardServer(data).start("127.0.0.1", 0);

    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768", "--lang=zh-CN");
    var service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (run != null) {
      run.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldShowEveryPageWithoutAScriptErrorAndTakeAScreenshotOfEach() throws Exception {
    String someIndicator = clickhouse.value("SELECT min(indicator_id) FROM qyx.status_history WHERE status = 'LAGGING' AND as_of = '" + UNTIL + "'");
    for (String page : List.of("/", "/indicators", "/indicator?id=" + someIndicator, "/league", "/alerts")) {
      long millis = open(page);
      String name = page.equals("/") ? "overview" : page.substring(1).replaceAll("\\?.*", "");
      System.out.printf("DashboardIT: %s ready in %d ms%n", page, millis);
      screenshot(name);
      assertThat(browser.findElements(By.cssSelector(".error"))).as("%s shows an error", page).isEmpty();
    }
    browser.manage().window().setSize(new Dimension(390, 844)); // a phone
    try {
      open("/");
      screenshot("overview-phone");
      Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
          "return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow.intValue()).as("the overview is wider than a phone's screen by").isLessThanOrEqualTo(0);
      open("/indicators");
      screenshot("indicators-phone");
    } finally {
      browser.manage().window().setSize(new Dimension(1366, 768));
    }
  }

  @Test
  void shouldShowClickHousesCountsAndFiguresOnTheOverviewAndTheIndicatorList() throws Exception {
    open("/");
    String indicators = clickhouse.value("SELECT count() FROM qyx.status_history FINAL WHERE area_code = 'CITY' AND as_of = '" + UNTIL + "' " + JUDGED);
    assertThat(browser.findElement(By.id("indicator-count")).getText()).isEqualTo(indicators);
    String lagging = countOf("LAGGING", UNTIL);
    assertThat(browser.findElement(By.cssSelector("[data-count=LAGGING] b")).getText()).isEqualTo(lagging);

    open("/indicators");
    List<WebElement> rows = browser.findElements(By.cssSelector("#indicators tbody tr"));
    assertThat(rows).hasSize(Integer.parseInt(indicators));
    // The goals stated by direction only, apart, each with the trend ClickHouse has for it.
    List<String> trends = clickhouse.rows("SELECT indicator_id, status FROM qyx.status_history FINAL WHERE area_code = 'CITY' AND as_of = '"
        + UNTIL + "' AND indicator_id IN (SELECT indicator_id FROM qyx.plan_indicators WHERE trajectory = 'MONITORED') ORDER BY indicator_id")
        .stream().map(r -> r.get(0) + " " + r.get(1)).toList();
    assertThat(trends).as("the catalog's monitored goals").hasSize(5);
    assertThat(browser.findElements(By.cssSelector("#monitored tbody tr")).stream()
        .map(tr -> tr.getAttribute("data-key") + " " + tr.findElement(By.cssSelector("[data-status]")).getAttribute("data-status")).sorted().toList())
        .isEqualTo(trends);
    List<String> row = clickhouse.rows("SELECT indicator_id, status, toString(gap) FROM qyx.status_history FINAL "
        + "WHERE area_code = 'CITY' AND as_of = '" + UNTIL + "' AND gap IS NOT NULL ORDER BY indicator_id LIMIT 1").get(0);
    WebElement shown = browser.findElement(By.cssSelector("#indicators tr[data-key='" + row.get(0) + "']"));
    assertThat(shown.findElement(By.cssSelector("[data-status]")).getAttribute("data-status")).isEqualTo(row.get(1));
    assertThat(number(shown.findElement(By.cssSelector("td[data-field=gap]")).getText()))
        .isEqualByComparingTo(new java.math.BigDecimal(row.get(2)).setScale(2, java.math.RoundingMode.HALF_UP));
  }

  @Test
  void shouldShowOnlyTheChosenStatusWhenFilteredAndAnEarlierDayWhenAskedForOne() throws Exception {
    open("/indicators");
    new Select(browser.findElement(By.cssSelector("select[data-filter=status]"))).selectByValue("LAGGING");
    assertThat(visibleRows("#indicators")).hasSize(Integer.parseInt(countOf("LAGGING", UNTIL)))
        .allSatisfy(tr -> assertThat(tr.findElement(By.cssSelector("[data-status]")).getAttribute("data-status")).isEqualTo("LAGGING"));

    LocalDate quarterEnd = LocalDate.of(2024, 3, 31);
    pick(quarterEnd);
    assertThat(browser.getCurrentUrl()).contains("asOf=" + quarterEnd);
    assertThat(browser.findElement(By.id("as-of")).getAttribute("value")).isEqualTo(quarterEnd.toString());
    String noData = countOf("NO_DATA", quarterEnd);
    assertThat(browser.findElements(By.cssSelector("#indicators [data-status=NO_DATA]"))).hasSize(Integer.parseInt(noData));
    assertThat(noData).as("the first quarter had more indicators unreported than the half year").isNotEqualTo(countOf("NO_DATA", UNTIL));
  }

  @Test
  void shouldShowClickHousesLeagueOfTheQuarterOnTheLeaguePageAndInTheBulletin() throws Exception {
    open("/league?asOf=" + UNTIL);
    List<String> page = browser.findElements(By.cssSelector("#domain-league tbody tr")).stream()
        .map(tr -> cell(tr, "name") + " " + cell(tr, "lagging") + " " + cell(tr, "averageCompletion"))
        .toList();
    // Worked out here from the day's statuses themselves (not through the league views): per domain,
    // its firm indicators lagging, and their average completion, an unreported one counting 0.
    // (ClickHouse divides a Decimal(18, 4) sum by a count to 4 decimals, cutting off the rest.)
    List<String> expected = clickhouse.rows("SELECT name, countIf(status = 'LAGGING' AND firmness != 'STRETCH'), "
        + "toString(sumIf(ifNull(completion, toDecimal64(0, 4)), firmness != 'STRETCH')), countIf(firmness != 'STRETCH') FROM "
        + "(SELECT domain, status, completion, firmness FROM "
        + "(SELECT indicator_id, plan_year, domain, status, completion FROM qyx.status_history FINAL "
        + "WHERE area_code = 'CITY' AND as_of = '" + UNTIL + "' " + JUDGED + ") "
        + "ANY LEFT JOIN (SELECT indicator_id, plan_year, firmness FROM qyx.plan_indicators) USING (indicator_id, plan_year)) "
        + "ANY LEFT JOIN (SELECT domain, name FROM qyx.domains FINAL) USING (domain) " // 18.16: one JOIN per level
        + "GROUP BY domain, name").stream()
        .map(r -> new Object[] {r.get(0), r.get(1), new java.math.BigDecimal(r.get(2))
            .divide(new java.math.BigDecimal(r.get(3)), 4, java.math.RoundingMode.DOWN)})
        .sorted(java.util.Comparator.comparing((Object[] r) -> (java.math.BigDecimal) r[2]).reversed())
        .map(r -> r[0] + " " + r[1] + " " + ((java.math.BigDecimal) r[2]).movePointRight(2).setScale(1, java.math.RoundingMode.HALF_UP) + "%")
        .toList();
    assertThat(page).isEqualTo(expected);
    // The 晾晒通报 of the same day has the same rows, and each mark says what its statuses say.
    String markdown = BulletinMarkdown.render(Bulletin.of(data, 2024, UNTIL));
    for (WebElement tr : browser.findElements(By.cssSelector("#domain-league tbody tr"))) {
      assertThat(markdown).contains("| " + cell(tr, "rank") + " | " + cell(tr, "name") + " | ");
      if (!cell(tr, "lagging").equals("0") || !cell(tr, "overdue").equals("0")) {
        assertThat(cell(tr, "mark")).as("the mark of %s", cell(tr, "name")).contains("红");
      }
    }
  }

  @Test
  void shouldCountEveryReportDueForEachLeadUnitOnTheLeaguePage() throws Exception {
    open("/league?asOf=" + UNTIL);
    // Worked out here from the catalog alone (not through reporting_slots): per lead unit, every
    // indicator × area × period its cadence and scope ask for, whose grace days were over before UNTIL.
    var catalog = cn.gov.yuhuan.qyx.catalog.Catalog.load(Path.of("../catalog/data"));
    java.util.Map<String, Integer> due = new java.util.TreeMap<>();
    for (var indicator : catalog.indicators(2024)) {
      int areas = indicator.getAreaScope() == cn.gov.yuhuan.qyx.reference.AreaScope.CITY ? 1 : 10;
      int periods = periodsDue(indicator, UNTIL);
      if (periods > 0) {
        for (String unit : cn.gov.yuhuan.qyx.catalog.LeadUnits.of(indicator)) {
          due.merge(unit, areas * periods, Integer::sum);
        }
      }
    }
    java.util.Map<String, Integer> page = new java.util.TreeMap<>();
    browser.findElements(By.cssSelector("#reporting tbody tr")).forEach(tr -> page.put(cell(tr, "name"), Integer.valueOf(cell(tr, "expected"))));
    assertThat(page).as("应报 per lead unit on %s", UNTIL).isEqualTo(due);
  }

  /** How many of an indicator's periods are due (closed, and their grace days over) before {@code day}. */
  private static int periodsDue(cn.gov.yuhuan.qyx.reference.IndicatorDefinition indicator, LocalDate day) {
    List<LocalDate> ends = new ArrayList<>();
    LocalDate start = LocalDate.of(2024, 1, 1);
    switch (indicator.getCadence()) {
      case MONTHLY -> { for (int m = 1; m <= 12; m++) ends.add(start.plusMonths(m).minusDays(1)); }
      case QUARTERLY -> { for (int q = 1; q <= 4; q++) ends.add(start.plusMonths(3L * q).minusDays(1)); }
      case ANNUAL -> ends.add(LocalDate.of(2024, 12, 31));
      default -> ends.add(indicator.getDeadline());
    }
    return (int) ends.stream().filter(end -> end.plusDays(indicator.getGraceDays()).isBefore(day)).count();
  }

  @Test
  void shouldShowAnIndicatorsYearItsReportsAndTheAlertsAsClickHouseHasThem() throws Exception {
    String id = clickhouse.value("SELECT min(indicator_id) FROM qyx.status_history WHERE status = 'LAGGING' AND as_of = '" + UNTIL + "'");
    open("/indicator?id=" + id);
    String reports = clickhouse.value("SELECT count() FROM qyx.progress_events FINAL WHERE indicator_id = '" + id + "'");
    assertThat(browser.findElements(By.cssSelector("#reports tbody tr"))).hasSize(Integer.parseInt(reports));
    assertThat(browser.findElement(By.id("gap")).getText()).isNotEqualTo("—");

    open("/alerts?asOf=" + UNTIL);
    String firing = clickhouse.value("SELECT count() FROM qyx.alerts FINAL WHERE raised_as_of <= '" + UNTIL + "' "
        + "AND (resolved_as_of IS NULL OR resolved_as_of > '" + UNTIL + "') AND muted_by IS NULL");
    String resolved = clickhouse.value("SELECT count() FROM qyx.alerts FINAL WHERE resolved_as_of <= '" + UNTIL + "'");
    assertThat(browser.findElements(By.cssSelector("#alerts-firing tbody tr"))).hasSize(Integer.parseInt(firing));
    assertThat(browser.findElements(By.cssSelector("#alerts-resolved tbody tr"))).hasSize(Integer.parseInt(resolved));
    assertThat(Integer.parseInt(firing) + Integer.parseInt(resolved)).as("alerts in the simulated half year").isPositive();
  }

  @Test
  void shouldSortByAColumnAndTurnTheOrderOnASecondClick() {
    open("/indicators");
    WebElement gap = browser.findElement(By.xpath("//table[@id='indicators']//th[text()='落后(百分点)']"));
    gap.click();
    List<java.math.BigDecimal> ascending = gaps();
    assertThat(ascending).isSorted();
    gap.click();
    List<java.math.BigDecimal> descending = gaps();
    assertThat(descending).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(descending).hasSameSizeAs(ascending);
  }

  private static List<java.math.BigDecimal> gaps() {
    return browser.findElements(By.cssSelector("#indicators tbody td[data-field=gap]")).stream()
        .map(WebElement::getText).filter(t -> !t.equals("—")).map(DashboardIT::number).toList();
  }

  private static String cell(WebElement tr, String field) {
    return tr.findElement(By.cssSelector("td[data-field=" + field + "]")).getText();
  }

  /** Chooses a day in the page's date picker, as a user does, and waits for the page it opens. */
  private static void pick(LocalDate day) {
    String before = browser.getCurrentUrl();
    ((JavascriptExecutor) browser).executeScript(
        "const input = document.getElementById('as-of'); input.value = arguments[0]; input.dispatchEvent(new Event('change'));",
        day.toString());
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> !b.getCurrentUrl().equals(before));
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(b -> "1".equals(((JavascriptExecutor) b).executeScript("return document.body.dataset.ready || null;")));
    assertThat((List<?>) ((JavascriptExecutor) browser).executeScript("return window.qyxErrors;")).isEmpty();
  }

  @Test
  void shouldExportTheIndicatorListAsAnXlsxWithOneRowPerIndicator() throws Exception {
    var response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/export/indicators.xlsx?asOf=" + UNTIL)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(response.body()))) {
      String indicators = clickhouse.value("SELECT count() FROM qyx.status_history FINAL WHERE area_code = 'CITY' AND as_of = '" + UNTIL + "' " + JUDGED);
      assertThat(workbook.getSheetAt(0).getLastRowNum()).isEqualTo(Integer.parseInt(indicators)); // a header row, then one per indicator
      assertThat(workbook.getSheetAt(0).getRow(0).getCell(0).getStringCellValue()).isEqualTo("指标编号");
    }
  }

  private static String countOf(String status, LocalDate day) throws Exception {
    return clickhouse.value("SELECT count() FROM qyx.status_history FINAL WHERE area_code = 'CITY' AND as_of = '" + day
        + "' AND status = '" + status + "' " + JUDGED);
  }

  private static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Opens a page and waits until it has drawn itself; returns how long that took and fails on any script error. */
  private static long open(String page) {
    long start = System.nanoTime();
    browser.get(base() + page);
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(b -> "1".equals(((JavascriptExecutor) b).executeScript("return document.body.dataset.ready || null;")));
    long millis = (System.nanoTime() - start) / 1_000_000;
    Object errors = ((JavascriptExecutor) browser).executeScript("return window.qyxErrors;");
    assertThat((List<?>) errors).as("script errors on %s", page).isEmpty();
    return millis;
  }

  private static List<WebElement> visibleRows(String table) {
    return browser.findElements(By.cssSelector(table + " tbody tr")).stream().filter(WebElement::isDisplayed).toList();
  }

  private static java.math.BigDecimal number(String shown) {
    return new java.math.BigDecimal(shown.replace(",", ""));
  }

  private static void screenshot(String name) throws Exception {
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
