package cn.gov.yuhuan.qyx.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog shipped in {@code catalog/data}, checked against the plan text it comes from. */
class PlanCatalogTest {
  private static final Path DATA = Path.of("data");
  private static final Path PLAN_TEXT = Path.of("source/plan-2024.txt");
  /** Targets the plan writes in words rather than digits: 三所, 三个百分百, 每个护理员 (every one: 100%). */
  private static final Map<String, java.util.List<String>> CHINESE_NUMERALS = Map.of("3", java.util.List.of("三"), "100", java.util.List.of("百分百", "每个"));

  private final Catalog catalog = Catalog.load(DATA);

  @Test
  void shouldHoldEveryQuantitativeTargetOfThePlan() {
    assertThat(catalog.indicators()).hasSizeGreaterThanOrEqualTo(70);
    assertThat(catalog.domains()).extracting(d -> d.getName())
        .contains("幼有善育", "学有优教", "劳有所得", "病有良医", "老有康养", "住有宜居", "弱有众扶", "综合集成");
  }

  @Test
  void shouldQuoteThePlanWordForWordInEverySource() throws IOException {
    String plan = Files.readString(PLAN_TEXT);
    for (IndicatorDefinition i : catalog.indicators()) {
      assertThat(plan).as(i.getId()).contains(i.getSource());
    }
  }

  @Test
  void shouldTakeEachTargetNumberFromItsSource() {
    for (IndicatorDefinition i : catalog.indicators()) {
      if (i.getKind() == cn.gov.yuhuan.qyx.reference.Kind.MILESTONE || cn.gov.yuhuan.qyx.catalog.status.Targets.isMonitored(i)) {
        continue; // done = 1, or a direction without a number: not a number in the text
      }
      String number = i.getTarget().stripTrailingZeros().toPlainString();
      assertThat(i.getSource()).as(i.getId()).containsAnyOf(java.util.stream.Stream.concat(java.util.stream.Stream.of(number),
          CHINESE_NUMERALS.getOrDefault(number, java.util.List.of()).stream()).toArray(String[]::new));
    }
  }

  @Test
  void shouldKeepThePlansOwnUnits() {
    assertThat(target("plan.annual_investment")).isEqualTo("5.47 亿元");
    assertThat(target("housing.rental_units")).startsWith("1790 套");
    assertThat(target("health.aed_installed")).isEqualTo("187 台");
  }

  @Test
  void shouldPrintOneCsvRowPerIndicatorUnderTheAgreedHeader() throws IOException {
    var out = new StringWriter();
    CatalogCsv.write(catalog, out);
    var lines = out.toString().lines().toList();

    assertThat(lines.get(0)).isEqualTo("id,domain,name,kind,direction,target,unit,lead_unit,deadline");
    assertThat(lines).hasSize(catalog.indicators().size() + 1);
    assertThat(lines).contains("plan.annual_investment,PLAN,年度计划投资,COUNT,AT_LEAST,5.47,亿元,市公共服务优质共享行动专班办公室,2024-12-31");
  }

  private String target(String id) {
    IndicatorDefinition i = catalog.indicator(id).orElseThrow();
    return i.getTarget().stripTrailingZeros().toPlainString() + " " + i.getUnit();
  }
}
