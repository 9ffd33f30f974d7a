package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.CatalogPublisher;
import cn.gov.yuhuan.qyx.ops.bench.Bench;
import cn.gov.yuhuan.qyx.ops.bench.BenchPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The short version of {@code ./qyx bench}: a few thousand reports with corrections through the real
 * services, every step of the bench run; it checks correctness only (the figures are printed).
 */
class BenchIT {
  @Test
  void shouldLandEveryReportOfTheBenchWithEveryTotalExact() throws Exception {
    BenchPlan plan = new BenchPlan(12, 10, 2);   // 12 indicators × 10 areas × 12 months × 2 revisions: 2,880 reports
    try (LocalStack stack = LocalStack.start("BenchIT")) {
      Path catalog = stack.home().resolve("bench-catalog");
      plan.writeCatalog(catalog);
      CatalogPublisher.publish(Catalog.load(catalog), stack.kafka(), stack.registryUrl());
      try (PipelineRun run = PipelineRun.start(stack)) {
        var printed = new ByteArrayOutputStream();
        // As ./qyx bench runs it: as the admin, who may write the event log directly.
        Bench.Figures figures = new Bench(PipelineRun.config(stack, stack.adminLogin()), plan, new PrintStream(printed, true, StandardCharsets.UTF_8))
            .run(stack.home(), 1, 2, 100);
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.print(output);

        assertThat(figures.wrongTotals()).as("indicators whose total is not exact").isEmpty();
        // 2,880 of the plan + 700 latency reports (5 s unmeasured, 2 s measured, at 100/s) + 360 of the warm-up
        assertThat(output).contains("6. Totals: all 12 indicators exact, 3,940 reports in progress_events");
        assertThat(figures.latencyMillis()).as("every latency report was seen in ClickHouse").hasSize(200);
        assertThat(figures.streamsLatencyMillis()).as("every latency report was seen committed in Kafka").hasSize(200);
        assertThat(figures.largestRecords()).containsKeys("area-states", "indicator-states", "tick-barrier")
            .allSatisfy((store, bytes) -> assertThat(bytes).as(store).isLessThan(100 * 1024));
      }
    }
  }
}
