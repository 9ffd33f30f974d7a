package cn.gov.yuhuan.qyx.streams.status;

import cn.gov.yuhuan.qyx.catalog.PlanYears;
import cn.gov.yuhuan.qyx.catalog.status.Status;
import cn.gov.yuhuan.qyx.catalog.status.StatusRules.Evaluation;
import cn.gov.yuhuan.qyx.catalog.status.Targets;
import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AlertKind;
import cn.gov.yuhuan.qyx.events.AlertNotice;
import cn.gov.yuhuan.qyx.events.AlertState;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.state.AlertTrack;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The alert state machine of docs/design.md §6, one per (indicator, area, kind), advanced once per
 * evaluation (tick). Borrowed from Alertmanager:
 *
 * <ul>
 *   <li>a condition must hold for {@code forEvaluations} consecutive evaluations before the alert
 *       is raised (Prometheus' {@code for:}); it resolves on the first evaluation it does not hold;
 *   <li>raised once, resolved once: nothing is written while nothing changes;
 *   <li>an OVERDUE condition inhibits the LAGGING alert of the same indicator (the missing report
 *       causes the lag), and a silence mutes the alerts it matches until its expiry date. A muted
 *       alert still fires and is recorded; only the notice waits until it is unmuted;
 *   <li>the lead unit hears RAISED the first time an alert fires unmuted, and RESOLVED only for an
 *       alert it heard about.
 * </ul>
 */
public final class AlertTracks {
  /** The area of an indicator's city-wide alerts. */
  public static final String CITY = "CITY";

  private final int forEvaluations;
  private final boolean alertStretch;

  /** @param alertStretch whether a stretch target's LAGGING and MISSED raise alerts too */
  public AlertTracks(int forEvaluations, boolean alertStretch) {
    if (forEvaluations < 1) {
      throw new IllegalArgumentException("an alert needs at least 1 evaluation to fire, not " + forEvaluations);
    }
    this.forEvaluations = forEvaluations;
    this.alertStretch = alertStretch;
  }

  /** What one evaluation says about an indicator, with the names a notice shows. */
  public record Subject(IndicatorDefinition indicator, String leadUnitName, IndicatorProgress row, Evaluation evaluation) {}

  /**
   * The kinds whose condition holds in an evaluation. A stretch target (an aim, 力争) is not
   * chased for lagging or missing unless configured; its reports are owed all the same (OVERDUE).
   */
  Set<AlertKind> conditions(IndicatorDefinition indicator, Evaluation evaluation) {
    Set<AlertKind> holding = EnumSet.noneOf(AlertKind.class);
    boolean chased = alertStretch || !Targets.isStretch(indicator);
    if (evaluation.status() == Status.BREACHED) {
      holding.add(AlertKind.BREACHED);
    }
    if (evaluation.overdue()) {
      holding.add(AlertKind.OVERDUE);
    }
    if (evaluation.lagging() && chased) {
      holding.add(AlertKind.LAGGING);
    }
    if (evaluation.missed() && chased) {
      holding.add(AlertKind.MISSED); // once no report due can change it: not on 31 December for December's count
    }
    return holding;
  }

  /**
   * Moves every kind's track by one evaluation; {@code tracks} (kind name → track) is updated in
   * place. Returns the alert records to write, in kind order.
   */
  public List<Alert> advance(Map<String, AlertTrack> tracks, Subject subject, List<Silence> silences) {
    Set<AlertKind> holding = conditions(subject.indicator(), subject.evaluation());
    LocalDate asOf = subject.evaluation().asOf();
    List<Alert> written = new ArrayList<>();
    for (AlertKind kind : List.of(AlertKind.LAGGING, AlertKind.OVERDUE, AlertKind.BREACHED, AlertKind.MISSED)) {
      AlertTrack track = tracks.getOrDefault(kind.name(), new AlertTrack(0, false, null, false, null, 0L));
      boolean holds = holding.contains(kind);
      String mutedBy = mutedBy(kind, holding, subject.indicator().getId(), asOf, silences);
      track.setStreak(holds ? track.getStreak() + 1 : 0);
      AlertNotice notice = null; // null: nothing to write
      if (!track.getFiring() && holds && track.getStreak() >= forEvaluations) {
        track.setFiring(true);
        track.setRaisedAsOf(asOf);
        track.setNotified(false);
        track.setMutedBy(mutedBy);
        track.setVersion(0L);
        notice = mutedBy == null ? AlertNotice.RAISED : AlertNotice.NONE;
      } else if (track.getFiring() && !holds) {
        track.setFiring(false);
        notice = track.getNotified() ? AlertNotice.RESOLVED : AlertNotice.NONE;
      } else if (track.getFiring() && !Objects.equals(mutedBy, track.getMutedBy())) {
        track.setMutedBy(mutedBy);
        notice = mutedBy == null && !track.getNotified() ? AlertNotice.RAISED : AlertNotice.NONE;
      }
      if (notice != null) {
        if (notice == AlertNotice.RAISED) {
          track.setNotified(true);
        }
        track.setVersion(track.getVersion() + 1);
        written.add(alert(kind, track, notice, subject));
      }
      tracks.put(kind.name(), track);
    }
    return written;
  }

  /** Why this kind is muted on {@code asOf}: a silence that matches it, or OVERDUE inhibiting LAGGING; null when not. */
  static String mutedBy(AlertKind kind, Set<AlertKind> holding, String indicatorId, LocalDate asOf, List<Silence> silences) {
    var silence = silences.stream()
        .filter(s -> s.getIndicatorId().equals(indicatorId))
        .filter(s -> s.getAreaCode() == null || s.getAreaCode().equals(CITY))
        .filter(s -> s.getKind() == null || s.getKind().equals(kind.name()))
        .filter(s -> (s.getStarts() == null || !asOf.isBefore(s.getStarts())) && !asOf.isAfter(s.getExpires()))
        .min(Comparator.comparing(Silence::getSilenceId));
    if (silence.isPresent()) {
      return "silence " + silence.get().getSilenceId();
    }
    if (kind == AlertKind.LAGGING && holding.contains(AlertKind.OVERDUE)) {
      return "inhibited by OVERDUE";
    }
    return null;
  }

  private static Alert alert(AlertKind kind, AlertTrack track, AlertNotice notice, Subject subject) {
    IndicatorDefinition indicator = subject.indicator();
    IndicatorProgress row = subject.row();
    Evaluation evaluation = subject.evaluation();
    return Alert.newBuilder()
        .setAlertId(alertId(indicator.getId(), CITY, kind, track.getRaisedAsOf()))
        .setIndicatorId(indicator.getId())
        .setPlanYear(PlanYears.of(indicator))
        .setIndicatorName(indicator.getName())
        .setAreaCode(CITY)
        .setKind(kind)
        .setDomain(indicator.getDomain())
        .setLeadUnit(indicator.getLeadUnit())
        .setLeadUnitName(subject.leadUnitName())
        .setState(track.getFiring() ? AlertState.FIRING : AlertState.RESOLVED)
        .setRaisedAsOf(track.getRaisedAsOf())
        .setResolvedAsOf(track.getFiring() ? null : evaluation.asOf())
        .setAsOf(evaluation.asOf())
        .setStatus(evaluation.status().name())
        .setActual(row.getAreaCount() > 0 ? row.getActual() : null)
        .setExpected(evaluation.expected())
        .setGap(evaluation.gap())
        .setTarget(indicator.getTarget())
        .setUnit(indicator.getUnit())
        .setMutedBy(track.getMutedBy())
        .setNotice(notice)
        .setVersion(track.getVersion())
        .build();
  }

  /**
   * {@code indicator|area|kind|raised_as_of}: one alert from raise to resolve. Unique across plan
   * years without the year in it: only an OVERDUE of December's or Q4's report is raised for a plan
   * in the next year, weeks before the next plan's first report is due.
   */
  public static String alertId(String indicatorId, String areaCode, AlertKind kind, LocalDate raisedAsOf) {
    return indicatorId + "|" + areaCode + "|" + kind.name() + "|" + raisedAsOf;
  }
}
