package cn.gov.yuhuan.qyx.office;

import cn.gov.yuhuan.qyx.catalog.status.Status;
import cn.gov.yuhuan.qyx.streams.internals.Plausibility;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The office's dashboard: five pages in Chinese (总览, 指标一览, 指标详情, 晾晒榜, 预警), each the same
 * page shell that draws itself from this server's JSON (/api/...), every figure from {@link OfficeData}
 * as of a date the clock reached; every table also as .xlsx (/export/...).
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
  /** The pages; each is served the same shell, which draws the one its path names. */
  static final List<String> PAGES = List.of("/", "/indicators", "/indicator", "/league", "/alerts");

  private final OfficeData data;
  private final Javalin app;
  /** ClickHouse queries of one page run side by side (18.16 answers several at once). */
  private final ExecutorService queries = Executors.newFixedThreadPool(4, r -> {
    Thread thread = new Thread(r, "dashboard-query");
    thread.setDaemon(true);
    return thread;
  });

  public DashboardServer(OfficeData data) {
    this.data = data;
    // The charts' version is the WebJar's on the classpath (the pom pins it), not a second copy here.
    String shell = resource("office/page.html").replace("{{echarts.version}}", echartsVersion());
    ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(mapper, false));
      config.staticFiles.add("/office/static", Location.CLASSPATH);
      config.staticFiles.enableWebjars();
      for (String page : PAGES) {
        config.routes.get(page, ctx -> ctx.html(shell));
      }
      config.routes.get("/api/clock", ctx -> ctx.json(data.clocks()));
      config.routes.get("/api/labels", ctx -> ctx.json(Map.of("status", statusLabels(), "flags", flagLabels())));
      config.routes.get("/api/overview", ctx -> ctx.json(overview(asOf(ctx))));
      config.routes.get("/api/indicators", ctx -> ctx.json(indicators(asOf(ctx))));
      config.routes.get("/api/indicator", ctx -> ctx.json(indicator(asOf(ctx), ctx.queryParam("id"))));
      config.routes.get("/api/league", ctx -> ctx.json(league(asOf(ctx))));
      config.routes.get("/api/alerts", ctx -> ctx.json(alerts(asOf(ctx))));
      config.routes.get("/export/{table}", ctx -> export(ctx, asOf(ctx), ctx.pathParam("table")));
      config.routes.get("/health", ctx -> ctx.json(Map.of("status", "UP")));
      // ClickHouse down or refusing a query: the page says so instead of a bare 500.
      config.routes.exception(IllegalStateException.class, (e, ctx) -> unavailable(ctx, e));
      config.routes.exception(java.io.UncheckedIOException.class, (e, ctx) -> unavailable(ctx, e));
    });
  }

  private static void unavailable(Context ctx, Exception e) {
    log.warn("Request failed path=[{}]", ctx.path(), e);
    ctx.status(503).json(Map.of("error", "数据暂不可用：" + e.getMessage()));
  }

  /** Starts serving on {@code port} (0: any free port) of {@code host}. */
  public DashboardServer start(String host, int port) {
    app.start(host, port);
    log.info("Dashboard started url=[http://{}:{}/]", host, app.port());
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    queries.shutdownNow();
  }

  /** The evaluated day and plan year a request asks for: ?asOf=DATE, clamped to the days the clock reached. */
  record AsOf(int planYear, LocalDate date, OfficeData.Clock clock, java.math.BigDecimal timeProgress) {}

  /** ?asOf=DATE (default: the last day the clock reached) and ?planYear=YYYY (default: see {@link OfficeData#clockFor}). */
  private AsOf asOf(Context ctx) {
    LocalDate wanted;
    Integer planYear;
    try {
      String text = ctx.queryParam("asOf");
      wanted = text == null || text.isBlank() ? null : LocalDate.parse(text);
      String year = ctx.queryParam("planYear");
      planYear = year == null || year.isBlank() ? null : Integer.valueOf(year);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new BadRequestResponse("日期应如 2024-06-30，计划年度应如 2024");
    }
    OfficeData.Clock clock = data.clockFor(planYear, wanted).orElseThrow(() -> new NotFoundResponse(planYear != null
        ? planYear + " 年度尚无进度数据" : wanted != null ? wanted + " 之前尚无进度数据" : "尚无进度数据：时钟还未走到任何一天"));
    LocalDate date = data.evaluatedDay(clock, wanted).orElseThrow(() -> new BadRequestResponse(
        wanted + " 早于 " + clock.planYear() + " 年度进度的第一天 " + clock.first()));
    return new AsOf(clock.planYear(), date, clock, Bulletin.timeProgress(clock.planYear(), date));
  }

  private Map<String, Object> overview(AsOf at) {
    var leagues = CompletableFuture.supplyAsync(() -> data.leagues(at.planYear(), at.date()), queries);
    var alerts = CompletableFuture.supplyAsync(() -> data.alerts(at.planYear(), at.date()), queries);
    // Goals stated by direction only have no target: counted apart, by their trend.
    List<OfficeData.IndicatorRow> all = data.indicators(at.planYear(), at.date());
    List<OfficeData.IndicatorRow> rows = all.stream().filter(r -> !r.monitored()).toList();
    Map<String, Integer> trends = new LinkedHashMap<>();
    all.stream().filter(OfficeData.IndicatorRow::monitored).forEach(r -> trends.merge(r.status(), 1, Integer::sum));
    Map<String, Map<String, Integer>> countsByDomain = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (OfficeData.IndicatorRow r : rows) {
      countsByDomain.computeIfAbsent(r.domain(), d -> new LinkedHashMap<>()).merge(r.status(), 1, Integer::sum);
      counts.merge(r.status(), 1, Integer::sum);
    }
    List<Map<String, Object>> domains = new ArrayList<>();
    for (OfficeData.LeagueRow l : join(leagues).domains()) {
      domains.add(Map.of("league", l, "counts", countsByDomain.getOrDefault(l.code(), Map.of())));
    }
    List<OfficeData.AlertRow> firing = join(alerts).stream()
        .filter(a -> AlertStates.firingOn(a, at.date()) && a.mutedBy() == null).toList();
    return Map.of("asOf", at, "indicators", rows.size(), "counts", counts, "domains", domains, "firing", firing,
        "monitored", all.size() - rows.size(), "trends", trends);
  }

  /** The indicators judged against their targets, and apart, the goals monitored by their trend. */
  private Map<String, Object> indicators(AsOf at) {
    List<OfficeData.IndicatorRow> all = data.indicators(at.planYear(), at.date());
    return Map.of("asOf", at, "rows", all.stream().filter(r -> !r.monitored()).toList(),
        "monitored", all.stream().filter(OfficeData.IndicatorRow::monitored).toList());
  }

  private Map<String, Object> indicator(AsOf at, String id) {
    if (id == null || id.isBlank()) {
      throw new BadRequestResponse("缺少指标编号 id");
    }
    int year = at.planYear();
    var history = CompletableFuture.supplyAsync(() -> data.history(id, year, at.date()), queries);
    var townships = CompletableFuture.supplyAsync(() -> data.areaLeague(year, at.date()), queries);
    var reports = CompletableFuture.supplyAsync(() -> data.reports(id, year, at.date()), queries);
    OfficeData.IndicatorRow row = data.indicators(year, at.date()).stream()
        .filter(r -> r.id().equals(id)).findFirst()
        .orElseThrow(() -> new NotFoundResponse("没有这个指标：" + id));
    List<OfficeData.AreaRow> areas = join(townships).stream().filter(a -> a.indicatorId().equals(id)).toList();
    return Map.of("asOf", at, "indicator", row, "history", join(history), "areas", areas, "reports", join(reports));
  }

  /**
   * The bulletin's league tables (with its 红黄绿), so that the page and the 晾晒通报 show the same
   * rows. Its four queries run side by side: the page waits for the slowest, not for their sum.
   */
  private Map<String, Object> league(AsOf at) {
    int year = at.planYear();
    var indicators = CompletableFuture.supplyAsync(() -> data.indicators(year, at.date()), queries);
    var leagues = CompletableFuture.supplyAsync(() -> data.leagues(year, at.date()), queries);
    var areas = CompletableFuture.supplyAsync(() -> data.areaLeague(year, at.date()), queries);
    var assessment = CompletableFuture.supplyAsync(() -> data.assessment(year), queries);
    var reporting = CompletableFuture.supplyAsync(() -> data.reporting(year, at.date()), queries);
    Bulletin bulletin = Bulletin.of(year, at.date(), join(indicators), join(leagues).domains(), join(leagues).leadUnits(), join(areas),
        join(reporting));
    return Map.of("asOf", at, "domains", bulletin.domains(), "units", bulletin.leadUnits(),
        "areas", join(areas), "areaQuarter", Quarters.chinese(at.date()), "markRule", Bulletin.MARK_RULE,
        "assessment", join(assessment), "reporting", bulletin.reporting());
  }

  /** A query's result, its failure as thrown by the query itself (the handlers above answer 503). */
  private static <T> T join(CompletableFuture<T> query) {
    try {
      return query.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private Map<String, Object> alerts(AsOf at) {
    List<OfficeData.AlertRow> firing = new ArrayList<>();
    List<OfficeData.AlertRow> muted = new ArrayList<>();
    List<OfficeData.AlertRow> resolved = new ArrayList<>();
    for (OfficeData.AlertRow a : data.alerts(at.planYear(), at.date())) {
      if (!AlertStates.firingOn(a, at.date())) {
        resolved.add(a);
      } else if (a.mutedBy() != null) {
        muted.add(a);
      } else {
        firing.add(a);
      }
    }
    return Map.of("asOf", at, "firing", firing, "muted", muted, "resolved", resolved);
  }

  private void export(Context ctx, AsOf at, String table) throws IOException {
    String name = table.endsWith(".xlsx") ? table.substring(0, table.length() - 5) : table;
    XlsxExport.Sheet sheet = XlsxExport.sheet(data, at, name)
        .orElseThrow(() -> new NotFoundResponse("没有这个表：" + name + "（可导出：" + String.join("、", XlsxExport.TABLES) + "）"));
    ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    String file = "七优享-" + sheet.title() + "-" + at.date() + ".xlsx";
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + "-" + at.date() + ".xlsx\"; filename*=UTF-8''"
        + java.net.URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20"));
    ctx.result(XlsxExport.write(sheet));
  }

  static Map<String, String> flagLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String flag : List.of(Plausibility.ON_TARGET_AT_QUARTER_END, Plausibility.JUMP, Plausibility.DENOMINATOR_SHIFT)) {
      labels.put(flag, Plausibility.label(flag));
    }
    return labels;
  }

  static Map<String, String> statusLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Status s : Status.values()) {
      labels.put(s.name(), s.label());
    }
    return labels;
  }

  private static String echartsVersion() {
    var props = new java.util.Properties();
    try (InputStream in = DashboardServer.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the echarts WebJar is not on the classpath");
      }
      props.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the echarts WebJar's version", e);
    }
    return props.getProperty("version");
  }

  private static String resource(String path) {
    try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + path, e);
    }
  }
}
