package cn.gov.yuhuan.qyx.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.gov.yuhuan.qyx.reference.AreaScope;
import cn.gov.yuhuan.qyx.reference.Cadence;
import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.Firmness;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.reference.TrajectoryKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {
  private static final String HEADER =
      "plan_year,id,effective_from,domain,name,kind,measure,direction,target,target_low,unit,scale,baseline,lead_unit,other_units,area_scope,deadline,trajectory,firmness,cadence,grace_days,stages,source\n";
  private static final String AED =
      "2024,health.aed_installed,,HEALTH,在公共场所新增配置自动体外除颤仪(AED),COUNT,,AT_LEAST,187,,台,,,市卫生健康局,,TOWNSHIP,2024-12-31,LINEAR,FIRM,MONTHLY,10,,新增配置自动体外除颤仪(AED)187台\n";
  private static final String UNEMPLOYMENT =
      "2024,employment.urban_unemployment,,EMPLOYMENT,全年城镇调查失业率,RATIO,LEVEL,AT_MOST,5,,%,100,,市人力社保局,,CITY,2024-12-31,YEAR_END,FIRM,QUARTERLY,15,,全年城镇调查失业率控制在5%以内\n";

  @TempDir Path dir;

  @BeforeEach
  void writeValidFiles() throws IOException {
    write("plan.csv", "year,title\n2024,2024年玉环市公共服务“七优享”工程工作要点\n");
    write("units.csv", "code,name,account\n市卫生健康局,市卫生健康局,health\n市人力社保局,市人力社保局,hrss\n");
    write("areas.csv", "code,name,level\nCITY,全市,CITY\nKANMEN,坎门街道,TOWNSHIP\n");
    write("domains.csv", "code,name,lead_unit\nHEALTH,病有良医,市卫生健康局\nEMPLOYMENT,劳有所得,市人力社保局\n");
    write("indicators.csv", HEADER + AED + UNEMPLOYMENT);
  }

  @Test
  void shouldLoadEveryFieldOfAValidCatalog() {
    Catalog catalog = Catalog.load(dir);

    IndicatorDefinition aed = catalog.indicator("health.aed_installed").orElseThrow();
    assertThat(aed.getKind()).isEqualTo(Kind.COUNT);
    assertThat(aed.getTarget()).isEqualByComparingTo("187");
    assertThat(aed.getAreaScope()).isEqualTo(AreaScope.TOWNSHIP);
    assertThat(aed.getCadence()).isEqualTo(Cadence.MONTHLY);
    assertThat(aed.getDeadline()).isEqualTo(LocalDate.of(2024, 12, 31));
    assertThat(aed.getQuarterFractions()).isEmpty();
    IndicatorDefinition unemployment = catalog.indicator("employment.urban_unemployment").orElseThrow();
    assertThat(unemployment.getDirection()).isEqualTo(Direction.AT_MOST);
    assertThat(unemployment.getScale()).isEqualByComparingTo("100");
    assertThat(catalog.planYears()).containsExactly(2024);
    assertThat(catalog.area("KANMEN")).isPresent();
  }

  @Test
  void shouldNameTheFileLineAndFieldOfAMistake() throws IOException {
    write("indicators.csv", HEADER + AED + UNEMPLOYMENT.replace(",5,,%,", ",五,,%,"));

    assertThat(errorsOf()).containsExactly(new CatalogError("indicators.csv", 3, "target", "'五' is not a number"));
  }

  @Test
  void shouldReportEveryMistakeNotJustTheFirst() throws IOException {
    write("indicators.csv", HEADER
        + AED.replace("COUNT", "TALLY")
        + UNEMPLOYMENT.replace("市人力社保局", "市人社局").replace("2024-12-31", "2025-06-30"));

    assertThat(errorsOf()).extracting(CatalogError::line, CatalogError::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(2L, "kind"),
        org.assertj.core.groups.Tuple.tuple(3L, "lead_unit"),
        org.assertj.core.groups.Tuple.tuple(3L, "deadline"));
  }

  @Test
  void shouldRefuseTheSameIdTwice() throws IOException {
    write("indicators.csv", HEADER + AED + AED);

    assertThat(errorsOf()).containsExactly(new CatalogError("indicators.csv", 3, "id", "'health.aed_installed' appears twice in plan 2024 without an effective_from"));
  }

  @Test
  void shouldRefuseARatioWithoutScale() throws IOException {
    write("indicators.csv", HEADER + UNEMPLOYMENT.replace(",%,100,", ",%,,"));

    assertThat(errorsOf()).extracting(CatalogError::field).containsExactly("scale");
  }

  @Test
  void shouldRefuseARowWhoseTrajectoryOrDirectionOrFirmnessDisagreesWithThePlansWording() throws IOException {
    String rate = "2024,assistance.relief_rate,,HEALTH,救助率,RATIO,LEVEL,AT_LEAST,100,,%,100,90,市卫生健康局,,CITY,2024-12-31,LINEAR,FIRM,QUARTERLY,15,,保持救助率100%\n";
    String agencies = "2024,employment.agencies,,HEALTH,人力资源服务机构数,LEVEL,LEVEL,AT_LEAST,80,,家,,,市卫生健康局,,CITY,2024-12-31,YEAR_END,FIRM,MONTHLY,10,,机构数超80家\n";
    String wards = "2024,elderly.wards,,HEALTH,安宁疗护病区,COUNT,,AT_LEAST,2,,家,,,市卫生健康局,,CITY,2024-12-31,LINEAR,FIRM,MONTHLY,10,,争取2家医院建成病区\n";
    String ceiling = UNEMPLOYMENT.replace("YEAR_END", "LINEAR");
    write("indicators.csv", HEADER + rate + agencies + wards + ceiling);

    assertThat(errorsOf()).extracting(CatalogError::line, CatalogError::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2L, "trajectory"),    // 保持: HOLD
        org.assertj.core.groups.Tuple.tuple(3L, "direction"),     // 超80: MORE_THAN
        org.assertj.core.groups.Tuple.tuple(4L, "firmness"),      // 争取: STRETCH
        org.assertj.core.groups.Tuple.tuple(5L, "trajectory"));   // a ceiling: HOLD or YEAR_END
  }

  @Test
  void shouldReadStepsARangeAndAStretchTarget() throws IOException {
    write("indicators.csv", HEADER
        + AED.replace("LINEAR", "STEPS Q1=0;Q2=0.5;Q3=0.5;Q4=1").replace(",FIRM,", ",STRETCH,").replace("187台\n", "力争187台\n")
        + "2024,elderly.zones,,HEALTH,片区,LEVEL,LEVEL,BETWEEN,5,2,个,,,市卫生健康局,,CITY,2024-12-31,YEAR_END,FIRM,QUARTERLY,15,,按2-5个片区\n");

    Catalog catalog = Catalog.load(dir);
    IndicatorDefinition aed = catalog.indicator("health.aed_installed").orElseThrow();
    assertThat(aed.getTrajectory()).isEqualTo(TrajectoryKind.STEPS);
    assertThat(aed.getQuarterFractions()).extracting(java.math.BigDecimal::toPlainString).containsExactly("0.0000", "0.5000", "0.5000", "1.0000");
    assertThat(aed.getFirmness()).isEqualTo(Firmness.STRETCH);
    IndicatorDefinition zones = catalog.indicator("elderly.zones").orElseThrow();
    assertThat(zones.getDirection()).isEqualTo(Direction.BETWEEN);
    assertThat(zones.getTargetLow()).isEqualByComparingTo("2");
  }

  @Test
  void shouldRefuseARangeWithoutItsLowerEnd() throws IOException {
    write("indicators.csv", HEADER
        + "2024,elderly.zones,,HEALTH,片区,LEVEL,LEVEL,BETWEEN,5,,个,,,市卫生健康局,,CITY,2024-12-31,YEAR_END,FIRM,QUARTERLY,15,,按2-5个片区\n");

    assertThat(errorsOf()).extracting(CatalogError::field).containsExactly("target_low");
  }

  @Test
  void shouldRefuseARowThatDoesNotSayHowItIsJudgedThroughTheYear() throws IOException {
    String noMeasure = "2024,education.share,,HEALTH,共享学校占比,RATIO,,AT_LEAST,97,,%,100,,市卫生健康局,,CITY,2024-12-31,YEAR_END,FIRM,QUARTERLY,15,,占比达到97%以上\n";
    String rampFromNothing = "2024,employment.agencies,,HEALTH,人力资源服务机构数,LEVEL,LEVEL,AT_LEAST,80,,家,,,市卫生健康局,,CITY,2024-12-31,LINEAR,FIRM,MONTHLY,10,,机构数达到80家\n";
    String oneStepRamp = "2024,elderly.love_card_plan,,HEALTH,出台方案,MILESTONE,,AT_LEAST,1,,项,,,市卫生健康局,,CITY,2024-12-31,Q1=0.1;Q2=0.3;Q3=0.6;Q4=1,FIRM,ONCE,30,,出台方案\n";
    String floorRamped = "2024,education.allocated,,HEALTH,分配生招生比例,RATIO,LEVEL,AT_LEAST,60,,%,100,50,市卫生健康局,,CITY,2024-12-31,LINEAR,FIRM,ANNUAL,30,,分配生招生比例不低于60%\n";
    String heldSum = AED.replace("LINEAR", "HOLD");
    String heldTownshipStock = "2024,education.hours,,HEALTH,每天体育活动时间,LEVEL,LEVEL,AT_LEAST,1,,小时,,,市卫生健康局,,TOWNSHIP,2024-12-31,HOLD,FIRM,QUARTERLY,15,,不少于1小时\n";
    write("indicators.csv", HEADER + noMeasure + rampFromNothing + oneStepRamp + floorRamped + heldSum + heldTownshipStock);

    assertThat(errorsOf()).extracting(CatalogError::line, CatalogError::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(2L, "measure"),       // a RATIO says ACCUMULATION or LEVEL
        org.assertj.core.groups.Tuple.tuple(3L, "trajectory"),    // a LEVEL ramping from nothing: baseline, a 2023 row, or YEAR_END
        org.assertj.core.groups.Tuple.tuple(4L, "trajectory"),    // a one-step MILESTONE is AT_DEADLINE
        org.assertj.core.groups.Tuple.tuple(5L, "trajectory"),    // 不低于: HOLD
        org.assertj.core.groups.Tuple.tuple(6L, "trajectory"),    // a sum is never held all year
        org.assertj.core.groups.Tuple.tuple(7L, "area_scope"));   // nor a line by the townships' sum, crossed while some have not reported
  }

  @Test
  void shouldReadAMonitoredGoalWithoutATargetAndRefuseOneThatDisagreesWithItsWords() throws IOException {
    String places = "2024,childcare.places,,HEALTH,托位使用率,RATIO,LEVEL,AT_LEAST,,,%,100,,市卫生健康局,,CITY,2024-12-31,MONITORED,STRETCH,QUARTERLY,15,,努力提升托位使用率\n";
    write("indicators.csv", HEADER + places);
    IndicatorDefinition read = Catalog.load(dir).indicator("childcare.places").orElseThrow();
    assertThat(read.getTrajectory()).isEqualTo(TrajectoryKind.MONITORED);
    assertThat(read.getTarget()).isEqualByComparingTo("0");

    String withTarget = places.replace(",AT_LEAST,,", ",AT_LEAST,80,");
    String wrongWay = places.replace("childcare.places", "childcare.stock").replace("努力提升托位使用率", "减少存量人数").replace(",STRETCH,", ",FIRM,");
    String township = places.replace("childcare.places", "childcare.town").replace(",CITY,", ",TOWNSHIP,");
    String noDirectionWords = places.replace("childcare.places", "childcare.rate").replace("努力提升托位使用率", "托位使用率").replace(",STRETCH,", ",FIRM,");
    write("indicators.csv", HEADER + withTarget + wrongWay + township + noDirectionWords);
    assertThat(errorsOf()).extracting(CatalogError::line, CatalogError::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(2L, "target"),        // no target: the plan states only a direction
        org.assertj.core.groups.Tuple.tuple(3L, "direction"),     // 减少: AT_MOST
        org.assertj.core.groups.Tuple.tuple(4L, "area_scope"),    // the city's trend
        org.assertj.core.groups.Tuple.tuple(5L, "trajectory"));   // no 提升, 提高, 减少 or 满意度
  }

  @Test
  void shouldReadAtDeadlineAsNothingExpectedBeforeTheDeadline() throws IOException {
    write("indicators.csv", HEADER
        + "2024,elderly.love_card_plan,,HEALTH,出台方案,MILESTONE,,AT_LEAST,1,,项,,,市卫生健康局,,CITY,2024-06-30,AT_DEADLINE,FIRM,ONCE,30,,出台方案\n");

    IndicatorDefinition plan = Catalog.load(dir).indicator("elderly.love_card_plan").orElseThrow();
    assertThat(plan.getTrajectory()).isEqualTo(TrajectoryKind.STEPS);
    assertThat(plan.getQuarterFractions()).extracting(java.math.BigDecimal::toPlainString).containsExactly("0.0000", "0.0000", "0.0000", "1.0000");
    assertThat(cn.gov.yuhuan.qyx.catalog.status.Trajectory.dueAtDeadline(plan)).as("read back as the catalog's word").isTrue();
    assertThat(cn.gov.yuhuan.qyx.catalog.status.Trajectory.dueAtDeadline(Catalog.load(Path.of("data")).indicator("health.aed_installed").orElseThrow()))
        .isFalse();
  }

  @Test
  void shouldLetALevelRampFromThePreviousPlanYear() throws IOException {
    write("plan.csv", "year,title\n2024,2024年工作要点\n2025,2025年工作要点\n");
    String agencies2024 = "2024,employment.agencies,,HEALTH,人力资源服务机构数,LEVEL,LEVEL,AT_LEAST,80,,家,,,市卫生健康局,,CITY,2024-12-31,YEAR_END,FIRM,MONTHLY,10,,机构数达到80家\n";
    String agencies2025 = agencies2024.replace("2024,", "2025,").replace("2024-12-31,YEAR_END", "2025-12-31,LINEAR").replace(",80,", ",90,");
    write("indicators.csv", HEADER + agencies2024 + agencies2025);

    assertThat(Catalog.load(dir).indicators(2025)).extracting(IndicatorDefinition::getTrajectory).containsExactly(TrajectoryKind.LINEAR);
  }

  @Test
  void shouldRefuseAMilestoneWhoseTargetIsNotOne() throws IOException {
    write("indicators.csv", HEADER
        + "2024,elderly.love_card_plan,,HEALTH,出台方案,MILESTONE,,AT_LEAST,2,,项,,,市卫生健康局,,CITY,2024-12-31,AT_DEADLINE,FIRM,ONCE,30,,出台方案\n");

    assertThat(errorsOf()).extracting(CatalogError::field).containsExactly("target");
  }

  @Test
  void shouldRefuseATrajectoryThatFalls() throws IOException {
    write("indicators.csv", HEADER + AED.replace("LINEAR", "Q1=0.5;Q2=0.3;Q3=0.7;Q4=1"));

    assertThat(errorsOf()).extracting(CatalogError::field).containsExactly("trajectory");
  }

  @Test
  void shouldReadAQuarterTrajectory() throws IOException {
    write("indicators.csv", HEADER + AED.replace("LINEAR", "Q1=0.1;Q2=0.3;Q3=0.6;Q4=1"));

    assertThat(Catalog.load(dir).indicator("health.aed_installed").orElseThrow().getQuarterFractions())
        .extracting(BigDecimal::doubleValue).containsExactly(0.1, 0.3, 0.6, 1.0);
  }

  @Test
  void shouldExplainARowWithAnUnquotedComma() throws IOException {
    write("indicators.csv", HEADER + AED.replace("187台\n", "187台,培训935人\n"));

    assertThat(errorsOf()).singleElement().satisfies(e -> {
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.message()).contains("a comma inside a cell needs quotes");
    });
  }

  @Test
  void shouldRefuseAUnitAccountThatKafkaCouldNotNameOrThatTwoUnitsShare() throws IOException {
    write("units.csv", "code,name,account\n市卫生健康局,市卫生健康局,卫健\n市人力社保局,市人力社保局,hrss\n市教育局,市教育局,hrss\n");

    assertThat(errorsOf()).anySatisfy(e -> {
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.field()).isEqualTo("account");
      assertThat(e.message()).contains("'卫健' is not an account name");
    }).anySatisfy(e -> {
      assertThat(e.line()).isEqualTo(4);
      assertThat(e.message()).isEqualTo("'hrss' is already the account of 市人力社保局");
    });
  }

  @Test
  void shouldRefuseAWrongHeader() throws IOException {
    write("units.csv", "code,unit_name\n市卫生健康局,市卫生健康局\n");

    assertThat(errorsOf()).anySatisfy(e -> {
      assertThat(e.file()).isEqualTo("units.csv");
      assertThat(e.message()).startsWith("the header must be exactly code,name");
    });
  }

  @Test
  void shouldSayWhichFileIsMissing() throws IOException {
    Files.delete(dir.resolve("areas.csv"));

    assertThatThrownBy(() -> Catalog.load(dir)).isInstanceOf(CatalogException.class).hasMessageContaining("areas.csv:0: is missing");
  }

  private java.util.List<CatalogError> errorsOf() {
    return catchThrowableOfType(CatalogException.class, () -> Catalog.load(dir)).errors();
  }

  private void write(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text);
  }

  @Test
  void shouldHoldAPlanPerYearAndJudgeEachDateByTheEditionInForce() throws IOException {
    write("plan.csv", "year,title\n2024,2024年工作要点\n2025,2025年工作要点\n");
    String aed2025 = AED.replace("2024,health.aed_installed,,", "2025,health.aed_installed,,").replace("2024-12-31", "2025-12-31")
        .replace(",187,", ",200,");
    String revised = AED.replace("2024,health.aed_installed,,", "2024,health.aed_installed,2024-07-01,").replace(",187,", ",150,");
    write("indicators.csv", HEADER + AED + revised + aed2025 + UNEMPLOYMENT);

    Catalog catalog = Catalog.load(dir);

    assertThat(catalog.planYears()).containsExactly(2024, 2025);
    assertThat(catalog.planYears("health.aed_installed")).containsExactly(2024, 2025);
    assertThat(catalog.indicator("health.aed_installed", 2024, LocalDate.of(2024, 6, 30)).orElseThrow().getTarget())
        .as("before the revision's date").isEqualByComparingTo("187");
    assertThat(catalog.indicator("health.aed_installed", 2024, LocalDate.of(2024, 7, 1)).orElseThrow().getTarget())
        .as("from the revision's date on").isEqualByComparingTo("150");
    assertThat(catalog.indicator("health.aed_installed", 2025, LocalDate.of(2025, 3, 1)).orElseThrow().getTarget()).isEqualByComparingTo("200");
    assertThat(catalog.indicators(2024)).extracting(i -> i.getTarget().intValue()).containsExactly(150, 5);
    assertThat(catalog.publishedIndicators()).containsOnlyKeys("health.aed_installed|2024@-", "health.aed_installed|2024@2024-07-01",
        "health.aed_installed|2024", "health.aed_installed|2025@-", "health.aed_installed|2025",
        "employment.urban_unemployment|2024@-", "employment.urban_unemployment|2024");
  }

  @Test
  void shouldRefuseAnEditionThatChangesWhatAReportMeansOrHasNothingToRevise() throws IOException {
    String newKind = AED.replace("2024,health.aed_installed,,", "2024,health.aed_installed,2024-07-01,").replace(",COUNT,,", ",LEVEL,ACCUMULATION,");
    String orphan = UNEMPLOYMENT.replace("2024,employment.urban_unemployment,,", "2024,employment.youth_unemployment,2024-07-01,");
    write("indicators.csv", HEADER + AED + newKind + orphan);

    assertThat(errorsOf()).extracting(CatalogError::line, CatalogError::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(3L, "kind"),
        org.assertj.core.groups.Tuple.tuple(4L, "effective_from"));
  }

  @Test
  void shouldRefuseARowOfAYearWithoutAPlan() throws IOException {
    write("indicators.csv", HEADER + AED.replace("2024,health.aed_installed,,", "2025,health.aed_installed,,").replace("2024-12-31", "2025-12-31"));

    assertThat(errorsOf()).containsExactly(new CatalogError("indicators.csv", 2, "plan_year", "'2025' is not a year of plan.csv [2024]"));
  }
}
