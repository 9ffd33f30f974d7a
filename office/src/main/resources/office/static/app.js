// The dashboard's pages, drawn from the server's JSON (/api/...). Every figure on a page is the
// server's (OfficeData), formatted only; the as-of date travels in the URL (?asOf=).
'use strict';

const params = new URLSearchParams(location.search);
const page = {'/': 'overview', '/indicators': 'indicators', '/indicator': 'indicator', '/league': 'league', '/alerts': 'alerts'}[location.pathname];
const main = document.getElementById('page');

const esc = v => String(v ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const num = (v, digits = 2) => v === null || v === undefined ? '—' : Number(v).toLocaleString('zh-CN', {maximumFractionDigits: digits});
const pct = v => v === null || v === undefined ? '—' : (Number(v) * 100).toFixed(1) + '%';
const pp = v => Number(v).toFixed(1) + '%'; // a percentage the server gives with one decimal
const MARKS = {GREEN: '绿', YELLOW: '黄', RED: '红'};
const withAsOf = (path, asOf) => path + (path.includes('?') ? '&' : '?') + 'asOf=' + encodeURIComponent(asOf)
  + (params.get('planYear') ? '&planYear=' + encodeURIComponent(params.get('planYear')) : '');
let labels = {};
let flagLabels = {};
let shownDay = null; // the day the server showed (?asOf= may name a day the clock skipped)
const status = s => `<span class="status s-${esc(s)}" data-status="${esc(s)}">${esc(labels[s] || s)}</span>`;

async function api(path) {
  const asOf = params.get('asOf');
  const response = await fetch(asOf ? withAsOf(path, asOf) : path, {headers: {Accept: 'application/json'}});
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch (e) { body = {error: text}; }
  if (!response.ok) throw new Error(body.error || body.title || response.statusText);
  if (body.asOf) shownDay = body.asOf.date;
  return body;
}

/** A table with sortable columns; columns: [{title, value(row), html(row)?, num?, cls?}]. */
function table(id, columns, rows, exportName, asOf) {
  const link = exportName ? ` <a class="export" href="${withAsOf('/export/' + exportName + '.xlsx', asOf)}">导出 xlsx</a>` : '';
  const head = columns.map((c, i) => `<th class="sortable" data-col="${i}">${esc(c.title)}</th>`).join('');
  const body = rows.map((r, i) => `<tr data-key="${esc(r.__key ?? '')}" data-index="${i}">` + columns.map(c =>
    `<td class="${c.num ? 'num' : ''} ${c.cls || ''}" data-field="${esc(c.field || '')}">${c.html ? c.html(r) : esc(c.value(r))}</td>`).join('') + '</tr>').join('');
  return {html: `<div class="table-wrap"><table id="${id}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`, link,
    bind() { sortable(document.getElementById(id), columns, rows); }};
}

function sortable(el, columns, rows) {
  if (!el) return; // a table the page left out (no rows to show)
  el.querySelectorAll('th.sortable').forEach(th => th.addEventListener('click', () => {
    const col = columns[Number(th.dataset.col)];
    const asc = !th.classList.contains('sorted-asc');
    el.querySelectorAll('th').forEach(h => h.classList.remove('sorted-asc', 'sorted-desc'));
    th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
    const trs = Array.from(el.tBodies[0].rows);
    const key = tr => { const v = col.value(rows[Number(tr.dataset.index)]); return v === null || v === undefined || v === '' ? null : v; };
    const order = trs.map(tr => [tr, key(tr)]).sort((a, b) => {
      if (a[1] === null) return 1; if (b[1] === null) return -1;
      const d = (typeof a[1] === 'number' && typeof b[1] === 'number') ? a[1] - b[1] : String(a[1]).localeCompare(String(b[1]), 'zh-CN');
      return asc ? d : -d;
    });
    order.forEach(([tr]) => el.tBodies[0].appendChild(tr));
  }));
}

/** Actual against target, with the 时序进度 mark (expected against target). */
function progressBar(r) {
  const target = Number(r.target);
  if (!target) return '';
  const done = Math.max(0, Math.min(1, Number(r.actual ?? 0) / target));
  const due = Math.max(0, Math.min(1, Number(r.expected ?? 0) / target));
  return `<div class="bar" title="实际 ${num(r.actual)} / 目标 ${num(r.target)}，时序 ${num(r.expected)}"><div class="fill" style="width:${(done * 100).toFixed(1)}%"></div><div class="tick" style="left:${(due * 100).toFixed(1)}%"></div></div>`;
}

function chart(id, option) {
  const el = document.getElementById(id);
  if (!el || !window.echarts) return;
  const c = echarts.init(el);
  c.setOption({animation: false, ...option}); // drawn at once: what is shown (and screenshot) is final
  window.addEventListener('resize', () => c.resize());
}

const pages = {
  async overview() {
    const d = await api('/api/overview');
    const share = Number(d.asOf.timeProgress) / 100;
    const counts = Object.keys(labels).filter(s => d.counts[s]).map(s => `<div class="kpi" data-count="${s}">${status(s)}<b>${d.counts[s]}</b></div>`).join('');
    const cards = d.domains.map(x => `<div class="card" data-domain="${esc(x.league.code)}"><h3><span>${esc(x.league.name)}</span><span class="muted">第 ${x.league.rank} 名</span></h3>
      <div>平均完成率 <b data-field="averageCompletion">${pct(x.league.averageCompletion)}</b>，时序进度 ${pct(share)}</div>
      ${progressBar({actual: x.league.averageCompletion, expected: share, target: 1})}
      <div class="chips" style="margin-top:6px">${Object.entries(x.counts).map(([s, n]) => `${status(s)}<span>${n}</span>`).join(' ')}</div></div>`).join('');
    const alerts = table('firing', [
      {title: '指标', field: 'indicator', value: a => a.indicatorName, html: a => `<a href="${withAsOf('/indicator?id=' + encodeURIComponent(a.indicatorId), d.asOf.date)}">${esc(a.indicatorName)}</a>`, cls: 'name'},
      {title: '类型', value: a => labels[a.kind] || a.kind}, {title: '牵头单位', value: a => a.leadUnit},
      {title: '发出日', value: a => a.raisedAsOf}, {title: '落后(百分点)', value: a => a.gap === null ? null : Number(a.gap), html: a => num(a.gap), num: true}],
      d.firing.map(a => ({...a, __key: a.id})), 'alerts', d.asOf.date);
    main.innerHTML = `<h1>总览 · 截至 ${d.asOf.date}（时序进度 ${pct(share)}）</h1>
      <div class="kpis"><div class="kpi">指标总数<b id="indicator-count">${d.indicators}</b></div>${counts}</div>
      ${d.monitored ? `<p class="muted" id="monitored-summary">另有监测指标 ${d.monitored} 项（只看趋势，不评达标）：${Object.entries(d.trends).map(([s, n]) => `${status(s)} ${n}`).join('　')}</p>` : ''}
      <div id="domain-chart" class="chart"></div><div class="cards">${cards}</div>
      <h2>正在预警（${d.firing.length}）${alerts.link}</h2>${alerts.html}`;
    alerts.bind();
    chart('domain-chart', {
      tooltip: {trigger: 'axis'}, grid: {left: 48, right: 16, top: 30, bottom: 60},
      xAxis: {type: 'category', data: d.domains.map(x => x.league.name), axisLabel: {interval: 0, rotate: 30}},
      yAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value}%'}},
      series: [{name: '平均完成率', type: 'bar', data: d.domains.map(x => +(Number(x.league.averageCompletion) * 100).toFixed(1)),
        markLine: {symbol: 'none', data: [{yAxis: +(share * 100).toFixed(1), name: '时序进度'}], label: {position: 'insideEndTop', formatter: '时序进度 {c}%'}}}]});
  },

  async indicators() {
    const d = await api('/api/indicators');
    const rows = d.rows.map(r => ({...r, __key: r.id}));
    const options = (field, label) => `<label>${label} <select data-filter="${field}"><option value="">全部</option>${
      [...new Set(rows.flatMap(r => field === 'leadUnits' ? r.leadUnits : [r[field]]))].sort().map(v => `<option value="${esc(v)}">${esc(field === 'status' ? (labels[v] || v) : field === 'domain' ? rows.find(r => r.domain === v).domainName : v)}</option>`).join('')}</select></label>`;
    const t = table('indicators', [
      {title: '指标', field: 'name', value: r => r.name, html: r => `<a href="${withAsOf('/indicator?id=' + encodeURIComponent(r.id), d.asOf.date)}">${esc(r.name)}</a>`, cls: 'name'},
      {title: '领域', value: r => r.domainName}, {title: '牵头单位', value: r => r.leadUnits.join('、')},
      {title: '实际', field: 'actual', value: r => r.actual === null ? null : Number(r.actual), html: r => num(r.actual), num: true},
      {title: '时序目标', field: 'expected', value: r => Number(r.expected), html: r => num(r.expected), num: true},
      {title: '落后(百分点)', field: 'gap', value: r => r.gap === null ? null : Number(r.gap), html: r => num(r.gap), num: true},
      {title: '目标', value: r => Number(r.target), html: r => num(r.target) + ' ' + esc(r.unit), num: true},
      {title: '进度', value: r => r.completion === null ? null : Number(r.completion), html: progressBar},
      {title: '状态', field: 'status', value: r => r.status, html: r => status(r.status)},
      {title: '最新期次', value: r => r.latestPeriod}, {title: '合理性提示', value: r => r.flags.join(' '), html: r => r.flags.map(f => `<span class="flag" data-flag="${esc(f)}">${esc(flagLabels[f] || f)}</span>`).join(' ')}],
      rows, 'indicators', d.asOf.date);
    // Goals the plan states by direction only (提升, 减少): their trend, apart from the targets.
    const m = table('monitored', [
      {title: '指标', field: 'name', value: r => r.name, html: r => `<a href="${withAsOf('/indicator?id=' + encodeURIComponent(r.id), d.asOf.date)}">${esc(r.name)}</a>`, cls: 'name'},
      {title: '牵头单位', value: r => r.leadUnits.join('、')},
      {title: '最新', field: 'actual', value: r => r.actual === null ? null : Number(r.actual), html: r => r.actual === null ? '—' : num(r.actual) + ' ' + esc(r.unit), num: true},
      {title: '上期', value: r => r.previous === null ? null : Number(r.previous), html: r => r.previous === null ? '—' : num(r.previous), num: true},
      {title: '去年同期', value: r => r.yearAgo === null ? null : Number(r.yearAgo), html: r => r.yearAgo === null ? '—' : num(r.yearAgo), num: true},
      {title: '方向', value: r => r.direction === 'AT_MOST' ? '越少越好' : '越多越好'},
      {title: '趋势', field: 'status', value: r => r.status, html: r => status(r.status)}, {title: '最新期次', value: r => r.latestPeriod}],
      d.monitored.map(r => ({...r, __key: r.id})), 'monitored', d.asOf.date);
    main.innerHTML = `<h1>指标一览 · 截至 ${d.asOf.date}（时序进度 ${pp(d.asOf.timeProgress)}）</h1>
      <div class="filters">${options('domain', '领域')}${options('leadUnits', '牵头单位')}${options('status', '状态')}<span id="shown" class="muted"></span></div>
      <h2>共 ${rows.length} 项${t.link}</h2>${t.html}
      ${d.monitored.length ? `<h2>监测指标（只看趋势，不评达标）${m.link}</h2>${m.html}` : ''}`;
    t.bind();
    if (d.monitored.length) m.bind();
    const filters = Array.from(main.querySelectorAll('select[data-filter]'));
    const apply = () => {
      const tbody = document.getElementById('indicators').tBodies[0];
      let shown = 0;
      Array.from(tbody.rows).forEach(tr => {
        const r = rows.find(x => x.id === tr.dataset.key);
        const ok = filters.every(f => !f.value || (f.dataset.filter === 'leadUnits' ? r.leadUnits.includes(f.value) : r[f.dataset.filter] === f.value));
        tr.hidden = !ok; shown += ok ? 1 : 0;
      });
      document.getElementById('shown').textContent = `显示 ${shown} 项`;
    };
    filters.forEach(f => f.addEventListener('change', apply));
    apply();
  },

  async indicator() {
    const d = await api('/api/indicator?id=' + encodeURIComponent(params.get('id') || ''));
    const r = d.indicator;
    const areas = table('areas', [{title: '排名', value: a => a.rank, num: true}, {title: '乡镇(街道)', value: a => a.areaName},
      {title: '实际', field: 'actual', value: a => Number(a.actual), html: a => num(a.actual), num: true}, {title: '最新期次', value: a => a.latestPeriod}],
      d.areas.map(a => ({...a, __key: a.areaCode})), 'area-league', d.asOf.date);
    const reports = table('reports', [{title: '范围', value: x => x.areaCode}, {title: '期次', value: x => x.period},
      {title: '版本', value: x => x.revision, num: true}, {title: '报送单位', value: x => x.reportingUnit},
      {title: '数值', value: x => x.value ?? (x.numerator !== null ? x.numerator + '/' + x.denominator : null), html: x => x.value !== null ? num(x.value, 4) : x.numerator !== null ? num(x.numerator, 4) + ' / ' + num(x.denominator, 4) : '—', num: true},
      {title: '更正原因', value: x => x.correctionReason}, {title: '撤回', value: x => x.retracted ? '已撤回' : ''},
      {title: '报送时间', value: x => x.reportedAt}, {title: '现行', value: x => x.standing ? '现行' : ''}],
      d.reports.map((x, i) => ({...x, __key: i})), null, d.asOf.date);
    // A goal stated by direction only has no target: its figures beside the period before and a year before.
    const figures = r.monitored
      ? `<div class="kpi">最新<b id="actual">${num(r.actual)}</b>${esc(r.unit)}</div><div class="kpi">上期<b>${r.previous === null ? '—' : num(r.previous)}</b></div>
        <div class="kpi">去年同期<b>${r.yearAgo === null ? '—' : num(r.yearAgo)}</b></div><div class="kpi">方向<b style="font-size:15px">${r.direction === 'AT_MOST' ? '越少越好' : '越多越好'}</b></div>`
      : `<div class="kpi">实际<b id="actual">${num(r.actual)}</b></div><div class="kpi">时序目标<b id="expected">${num(r.expected)}</b></div>
        <div class="kpi">全年目标<b>${num(r.target)}</b>${esc(r.unit)}</div><div class="kpi">落后(百分点)<b id="gap">${num(r.gap)}</b></div>`;
    main.innerHTML = `<h1>${esc(r.name)} ${status(r.status)}</h1>
      <div class="kpis">${figures}
        <div class="kpi">牵头单位<b style="font-size:15px">${esc(r.leadUnits.join('、'))}</b></div><div class="kpi">领域<b style="font-size:15px">${esc(r.domainName)}</b></div></div>
      <div id="history-chart" class="chart"></div>
      <h2>乡镇（街道）（${d.areas.length}）${areas.link}</h2>${d.areas.length ? `<div id="area-chart" class="chart"></div>` + areas.html : '<p class="muted">本指标不分乡镇（街道）报送。</p>'}
      <h2>报送记录（${d.reports.length}，含更正和撤回）</h2>${reports.html}`;
    areas.bind(); reports.bind();
    chart('history-chart', {tooltip: {trigger: 'axis'}, legend: {data: r.monitored ? ['实际'] : ['实际', '时序目标']}, grid: {left: 56, right: 16, top: 36, bottom: 30},
      xAxis: {type: 'category', data: d.history.map(h => h.asOf)}, yAxis: {type: 'value', name: r.unit},
      series: [{name: '实际', type: 'line', showSymbol: false, data: d.history.map(h => h.actual)}].concat(r.monitored ? [] : [
        {name: '时序目标', type: 'line', showSymbol: false, lineStyle: {type: 'dashed'}, data: d.history.map(h => h.expected)}])});
    if (d.areas.length) chart('area-chart', {tooltip: {}, grid: {left: 56, right: 16, top: 20, bottom: 60},
      xAxis: {type: 'category', data: d.areas.map(a => a.areaName), axisLabel: {interval: 0, rotate: 30}}, yAxis: {type: 'value', name: r.unit},
      series: [{type: 'bar', data: d.areas.map(a => a.actual)}]});
  },

  async league() {
    const d = await api('/api/league');
    // The bulletin's rows (Bulletin on the server): completion in percent, 红黄绿 with each row.
    const columns = group => [{title: '排名', field: 'rank', value: l => l.rank, num: true}, {title: group, field: 'name', value: l => l.name},
      {title: '指标数', value: l => l.indicators, num: true}, {title: '已报送', value: l => l.reported, num: true},
      {title: '已达标', value: l => l.achieved, num: true}, {title: '滞后', field: 'lagging', value: l => l.lagging, num: true},
      {title: '逾期未报', field: 'overdue', value: l => l.overdue, num: true},
      {title: '平均完成率', field: 'averageCompletion', value: l => Number(l.averageCompletion), html: l => pp(l.averageCompletion), num: true},
      {title: '评价', field: 'mark', value: l => MARKS[l.mark], html: l => `<span class="mark mark-${MARKS[l.mark]}">● ${MARKS[l.mark]}</span>`}];
    const domains = table('domain-league', columns('领域'), d.domains.map(l => ({...l, __key: l.code})), 'domain-league', d.asOf.date);
    const units = table('unit-league', columns('牵头单位'), d.units.map(l => ({...l, __key: l.code})), 'unit-league', d.asOf.date);
    const assessment = table('assessment', [{title: '指标', value: a => a.name, cls: 'name'}, {title: '牵头单位', value: a => a.leadUnit},
      {title: '类别', value: a => a.firmness === 'STRETCH' ? '争创' : '约束'}, {title: '状态', value: a => a.status, html: a => status(a.status)},
      {title: '实际', value: a => a.actual === null ? null : Number(a.actual), html: a => num(a.actual), num: true},
      {title: '目标', value: a => Number(a.target), html: a => num(a.target) + ' ' + esc(a.unit), num: true},
      {title: '截止日', value: a => a.deadline}, {title: '终评', value: a => a.fin ? (a.met ? '完成' : '未完成') : '未到期'}],
      d.assessment.map(a => ({...a, __key: a.id})), 'assessment', d.asOf.date);
    const reporting = table('reporting', [{title: '排名', field: 'rank', value: r => r.rank, num: true}, {title: '牵头单位', field: 'name', value: r => r.name},
      {title: '应报', field: 'expected', value: r => r.expected, num: true}, {title: '已报', value: r => r.received, num: true},
      {title: '按时报送', value: r => r.onTime, num: true}, {title: '迟报', value: r => r.received - r.onTime, num: true},
      {title: '未报', field: 'missing', value: r => r.expected - r.received, num: true},
      {title: '报送及时率', field: 'rate', value: r => Number(r.rate), html: r => Number(r.rate).toFixed(1) + '%', num: true}],
      d.reporting.map(r => ({...r, __key: r.code})), 'reporting', d.asOf.date);
    const byIndicator = {};
    d.areas.forEach(a => (byIndicator[a.indicatorName] = byIndicator[a.indicatorName] || []).push(a));
    const areaRows = Object.entries(byIndicator).map(([name, list]) => ({__key: list[0].indicatorId, name, first: list[0], last: list[list.length - 1], n: list.length}));
    const areas = table('area-league', [{title: '指标', value: x => x.name, cls: 'name'}, {title: '乡镇数', value: x => x.n, num: true},
      {title: '第一名', value: x => x.first.areaName + ' ' + num(x.first.actual)}, {title: '末位', value: x => x.last.areaName + ' ' + num(x.last.actual)}],
      areaRows, 'area-league', d.asOf.date);
    main.innerHTML = `<h1>晾晒榜 · 截至 ${d.asOf.date}（时序进度 ${pp(d.asOf.timeProgress)}）</h1>
      <p class="muted">季分析：选季末日期（3月31日、6月30日、9月30日、12月31日）即为该季度的晾晒。${esc(d.markRule)}</p>
      <h2>领域${domains.link}</h2>${domains.html}<h2>牵头单位${units.link}</h2>${units.html}
      <h2>乡镇（街道）· ${esc(d.areaQuarter)}${areas.link}</h2>${areaRows.length ? areas.html : '<p class="muted">本期无乡镇（街道）分项数据。</p>'}
      <h2>报送及时率（报送情况：到期应报、已报、在宽限期内按时报送）${reporting.link}</h2>${d.reporting.length ? reporting.html : '<p class="muted">本期无到期的报送。</p>'}
      <h2>年度考核（年考核，按各指标最新评估）${assessment.link}</h2>${assessment.html}`;
    [domains, units, areas, reporting, assessment].forEach(t => t.bind());
  },

  async alerts() {
    const d = await api('/api/alerts');
    const cols = [{title: '指标', field: 'indicator', value: a => a.indicatorName, html: a => `<a href="${withAsOf('/indicator?id=' + encodeURIComponent(a.indicatorId), d.asOf.date)}">${esc(a.indicatorName)}</a>`, cls: 'name'},
      {title: '类型', value: a => labels[a.kind] || a.kind}, {title: '牵头单位', value: a => a.leadUnit}, {title: '发出日', value: a => a.raisedAsOf},
      {title: '实际', value: a => a.actual === null ? null : Number(a.actual), html: a => num(a.actual), num: true},
      {title: '时序目标', value: a => Number(a.expected), html: a => num(a.expected), num: true},
      {title: '落后(百分点)', value: a => a.gap === null ? null : Number(a.gap), html: a => num(a.gap), num: true}];
    const firing = table('alerts-firing', cols, d.firing.map(a => ({...a, __key: a.id})), 'alerts', d.asOf.date);
    const muted = table('alerts-muted', [...cols, {title: '静默/抑制', value: a => a.mutedLabel}], d.muted.map(a => ({...a, __key: a.id})), null, d.asOf.date);
    const resolved = table('alerts-resolved', [...cols, {title: '解除日', value: a => a.resolvedAsOf}], d.resolved.map(a => ({...a, __key: a.id})), null, d.asOf.date);
    main.innerHTML = `<h1>预警 · 截至 ${d.asOf.date}</h1>
      <h2>预警中（${d.firing.length}）${firing.link}</h2>${firing.html}
      <h2>已静默或抑制（${d.muted.length}）</h2>${muted.html}
      <h2>已解除（${d.resolved.length}）</h2>${resolved.html}`;
    [firing, muted, resolved].forEach(t => t.bind());
  },
};

async function start() {
  document.querySelectorAll('header nav a').forEach(a => {
    if (a.dataset.page === page || (page === 'indicator' && a.dataset.page === 'indicators')) a.classList.add('active');
    if (params.get('asOf')) a.href = withAsOf(a.getAttribute('href'), params.get('asOf'));
  });
  const known = await (await fetch('/api/labels')).json();
  labels = known.status;
  flagLabels = known.flags;
  const clocks = await (await fetch('/api/clock')).json();
  const input = document.getElementById('as-of');
  if (clocks.length) {
    input.min = clocks[clocks.length - 1].first;
    input.max = clocks[0].last;
    input.value = params.get('asOf') || clocks[0].last;
  }
  input.addEventListener('change', () => { if (input.value) { params.set('asOf', input.value); location.search = params.toString(); } });
  try {
    await pages[page]();
    if (shownDay) input.value = shownDay;
  } catch (e) {
    main.innerHTML = `<div class="error">无法显示：${esc(e.message)}</div>`;
    throw e;
  } finally {
    document.body.dataset.ready = '1';
  }
}
start();
