package cn.gov.yuhuan.qyx.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing never changes how a date the clock has passed is judged: revisions are new editions dated ahead. */
class CatalogPublisherTest {
  private static final Catalog PLAN = Catalog.load(Path.of("data"));
  private static final Optional<LocalDate> JULY_5 = Optional.of(LocalDate.of(2024, 7, 5));

  @TempDir Path dir;

  /** The plan with one more AED row: a revision of its target from {@code effectiveFrom}. */
  private Catalog withRevision(String effectiveFrom) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("data"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
      }
    }
    String aed = Files.readAllLines(dir.resolve("indicators.csv"), StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("2024,health.aed_installed,")).findFirst().orElseThrow();
    Files.write(dir.resolve("indicators.csv"),
        List.of(aed.replace("2024,health.aed_installed,,", "2024,health.aed_installed," + effectiveFrom + ",").replace(",187,", ",150,")),
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return Catalog.load(dir);
  }

  @Test
  void shouldPublishARevisionDatedAfterTheClock() throws IOException {
    assertThat(CatalogPublisher.editionsChangingThePast(withRevision("2024-07-06"), PLAN.publishedIndicators(), JULY_5)).isEmpty();
  }

  @Test
  void shouldRefuseARevisionDatedOnOrBeforeTheClock() throws IOException {
    assertThat(CatalogPublisher.editionsChangingThePast(withRevision("2024-07-05"), PLAN.publishedIndicators(), JULY_5))
        .singleElement().asString()
        .contains("health.aed_installed (plan 2024, effective 2024-07-05) would be added from 2024-07-05, but the clock is at 2024-07-05");
  }

  @Test
  void shouldRefuseAnEditedFirstEditionOnceItsYearHasBegunButAllowAnythingBeforeTheFirstTick() throws IOException {
    Map<String, IndicatorDefinition> published = new java.util.HashMap<>(PLAN.publishedIndicators());
    published.computeIfPresent("health.aed_installed|2024@-", (k, v) -> IndicatorDefinition.newBuilder(v).setName("旧名").build());

    assertThat(CatalogPublisher.editionsChangingThePast(PLAN, published, JULY_5)).singleElement().asString()
        .startsWith("health.aed_installed (plan 2024, first edition) would change from 2024-01-01");
    assertThat(CatalogPublisher.editionsChangingThePast(PLAN, published, Optional.empty())).isEmpty();
    assertThat(CatalogPublisher.editionsChangingThePast(PLAN, PLAN.publishedIndicators(), JULY_5)).as("the same catalog again").isEmpty();
  }
}
