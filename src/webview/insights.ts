// The Insights view in the webview: draws the charts the extension posts with Observable Plot (SVG,
// no eval: it runs under the webview's strict CSP), in the theme's chart colours. Every bar and point
// is a button (Tab, Enter) that asks the extension for the post-mortems behind it, and every chart has
// its numbers as a table beside it. No innerHTML anywhere: document text only ever becomes text nodes.
import * as Plot from '@observablehq/plot';
import { RANGES, type Chart, type FromWebview, type InsightsView, type ToWebview } from '../shared/insightsProtocol';
import { el } from './dom';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let current: Extract<ToWebview, { type: 'data' }> | undefined;

/** The theme's colours, read from VS Code's CSS variables (again on every draw: the theme may change). */
function colour(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(`--vscode-${name}`).trim() || fallback;
}

function palette() {
  return {
    red: colour('charts-red', '#f14c4c'),
    orange: colour('charts-orange', '#d18616'),
    yellow: colour('charts-yellow', '#cca700'),
    blue: colour('charts-blue', '#3794ff'),
    green: colour('charts-green', '#89d185'),
    purple: colour('charts-purple', '#b180d7'),
    lines: colour('charts-lines', '#80808080'),
    foreground: colour('charts-foreground', colour('foreground', '#cccccc')),
  };
}

const STATE_LABELS: Record<string, string> = { overdue: 'Overdue', open: 'Open', inProgress: 'In progress', done: 'Done', declined: 'Declined' };

/** `95` → `1 h 35 min`. */
function minutes(value: number | undefined): string {
  if (value === undefined) return '–';
  if (value < 60) return `${value} min`;
  const h = Math.floor(value / 60);
  const m = value % 60;
  return h >= 48 ? `${Math.round(h / 24)} d` : m ? `${h} h ${m} min` : `${h} h`;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `2026-03` → `Mar 26`. */
const monthLabel = (month: string): string => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(2, 4)}`;

/** The month axis: every month labelled up to a year, then every second, third… so labels never crowd. */
function monthAxis(months: readonly string[], width: number, type: 'band' | 'point') {
  const step = Math.max(1, Math.ceil((months.length * 52) / width));
  return { type, domain: months as string[], label: null, tickFormat: monthLabel, ticks: months.filter((_, i) => i % step === 0) };
}

const percent = (rate: number | undefined): string => (rate === undefined ? '–' : `${Math.round(rate * 100)}%`);

/**
 * Makes the marks drawn for `labels` (in the order Plot draws them: the data's) buttons: focusable,
 * named, and opening the post-mortems behind them on click, Enter or Space.
 */
function interactive(svg: Element, selector: string, chart: Chart, labels: readonly string[], version: number): void {
  const marks = [...svg.querySelectorAll(selector)];
  marks.forEach((mark, index) => {
    if (index >= labels.length) return;
    mark.setAttribute('tabindex', '0');
    mark.setAttribute('role', 'button');
    mark.setAttribute('aria-label', labels[index]);
    mark.setAttribute('data-chart', chart);
    mark.setAttribute('data-index', String(index));
    const open = (): void => vscode.postMessage({ type: 'open', version, chart, index });
    mark.addEventListener('click', open);
    mark.addEventListener('keydown', (event) => {
      const key = (event as KeyboardEvent).key;
      if (key === 'Enter' || key === ' ') {
        event.preventDefault();
        open();
      }
    });
  });
}

/** Whole-number ticks from 0 to at least `max`, about five of them. */
function countTicks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 5));
  const ticks: number[] = [];
  for (let t = 0; t <= max + step - 1; t += step) ticks.push(t);
  return ticks;
}

/** A Plot figure without its inline <style> (the CSP allows none; media/insights.css has the same rules). */
function plot(options: Plot.PlotOptions): SVGSVGElement | HTMLElement {
  const figure = Plot.plot({ ...options, className: 'pm-plot', style: { background: 'transparent', color: colour('foreground', 'currentColor') } });
  figure.querySelectorAll('style').forEach((s) => s.remove());
  return figure;
}

/** A chart: its title, the picture, a sentence for a screen reader and its numbers as a table. */
function section(
  id: string,
  title: string,
  summary: string,
  picture: Element | undefined,
  head: readonly string[],
  rows: readonly (readonly string[])[],
): HTMLElement {
  const table = el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))),
  );
  return el(
    'section',
    { class: 'chart', id, 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, title),
    el('p', { class: 'summary' }, summary),
    picture ?? el('p', { class: 'empty' }, 'Nothing to draw for this range.'),
    el('details', {}, el('summary', {}, 'Numbers as a table'), table),
  );
}

function draw(): void {
  if (!current) return;
  const { view, version, filter } = current;
  const c = palette();
  const width = Math.max(320, Math.min(root.clientWidth || 800, 1100));
  const months = view.months;
  const sevColours = [c.red, c.orange, c.yellow, c.blue, c.green, c.purple];
  const severityRange = view.severities.map((s, i) => (s === 'No severity' ? c.lines : sevColours[i % sevColours.length]));
  const sections: HTMLElement[] = [];
  const t = view.totals;

  // Incidents per month by severity.
  const incidentLabels = view.incidents.map((b) => `${b.month}: ${b.count} ${b.severity} incident${b.count === 1 ? '' : 's'}`);
  let picture: Element | undefined;
  if (view.incidents.length > 0) {
    picture = plot({
      width,
      height: 240,
      marginLeft: 40,
      x: monthAxis(months, width, 'band'),
      y: {
        label: 'incidents',
        grid: true,
        tickFormat: 'd',
        ticks: countTicks(Math.max(...months.map((m) => view.incidents.filter((b) => b.month === m).reduce((sum, b) => sum + b.count, 0)))),
      },
      color: { domain: view.severities as string[], range: severityRange, legend: true },
      marks: [Plot.barY(view.incidents, { x: 'month', y: 'count', fill: 'severity', title: (_d: unknown, i: number) => incidentLabels[i] }), Plot.ruleY([0])],
    });
    interactive(picture, 'g[aria-label="bar"] rect', 'incidents', incidentLabels, version);
  }
  const total = view.incidents.reduce((sum, b) => sum + b.count, 0);
  sections.push(
    section(
      'incidents',
      'Incidents per month, by severity',
      `${total} incident${total === 1 ? '' : 's'} over ${months.length} month${months.length === 1 ? '' : 's'}${t.undated ? `; ${t.undated} without a date are not drawn` : ''}.`,
      picture,
      ['Month', 'Severity', 'Incidents'],
      view.incidents.map((b) => [b.month, b.severity, String(b.count)]),
    ),
  );

  // Time to detect and resolve: the median per month, and the worst as a faint tick.
  const measureName = (m: string): string => (m === 'detect' ? 'Time to detect' : 'Time to resolve');
  const timeLabels = view.times.map(
    (b) => `${b.month}: ${measureName(b.measure).toLowerCase()} ${minutes(b.median)} (median of ${b.count}, worst ${minutes(b.worst)})`,
  );
  picture = undefined;
  if (view.times.length > 0) {
    picture = plot({
      width,
      height: 240,
      marginLeft: 50,
      x: monthAxis(months, width, 'point'),
      y: { label: 'minutes (median)', grid: true, zero: true },
      color: { domain: ['Time to detect', 'Time to resolve'], range: [c.orange, c.blue], legend: true },
      marks: [
        Plot.lineY(view.times, { x: 'month', y: 'median', stroke: (d: { measure: string }) => measureName(d.measure) }),
        Plot.dot(view.times, {
          x: 'month',
          y: 'median',
          fill: (d: { measure: string }) => measureName(d.measure),
          r: 5,
          title: (_d: unknown, i: number) => timeLabels[i],
        }),
      ],
    });
    interactive(picture, 'g[aria-label="dot"] circle', 'times', timeLabels, version);
  }
  sections.push(
    section(
      'times',
      'Time to detect and to resolve (median per month)',
      `Over ${t.withTimes} post-mortem${t.withTimes === 1 ? '' : 's'} with a timed timeline: median time to detect ${minutes(t.detect)}, to resolve ${minutes(t.resolve)}, from the first event (Analyze Gaps' numbers).`,
      picture,
      ['Month', 'Measure', 'Median', 'Worst', 'Post-mortems'],
      view.times.map((b) => [b.month, measureName(b.measure), minutes(b.median), minutes(b.worst), String(b.count)]),
    ),
  );

  // P0/P1 completion by month of due date, against the practice's 80%.
  const completionLabels = view.completion.map((b) => `${b.month}: ${percent(b.rate)} of P0/P1 items on time (${b.onTime} of ${b.counted})`);
  picture = undefined;
  if (view.completion.length > 0) {
    const healthy = t.healthyRate * 100;
    picture = plot({
      width,
      height: 220,
      marginLeft: 40,
      x: monthAxis(months, width, 'point'),
      y: { label: '% on time', domain: [0, 100], grid: true },
      marks: [
        Plot.ruleY([healthy], { stroke: c.green, strokeDasharray: '4 3' }),
        Plot.text([healthy], { y: (d: number) => d, frameAnchor: 'right', text: () => `${healthy}% healthy`, dy: -6, fill: c.green }),
        Plot.lineY(view.completion, { x: 'month', y: (d: { rate: number }) => d.rate * 100, stroke: c.purple }),
        Plot.dot(view.completion, {
          x: 'month',
          y: (d: { rate: number }) => d.rate * 100,
          fill: (d: { rate: number }) => (d.rate >= t.healthyRate ? c.green : c.red),
          r: 5,
          title: (_d: unknown, i: number) => completionLabels[i],
        }),
      ],
    });
    interactive(picture, 'g[aria-label="dot"] circle', 'completion', completionLabels, version);
  }
  sections.push(
    section(
      'completion',
      'P0/P1 action items done on time, by month due',
      `${percent(t.completion.rate)} on time overall (${t.completion.onTime} of ${t.completion.counted}); the practice's healthy mark is ${t.healthyRate * 100}%.`,
      picture,
      ['Month due', 'On time', 'Counted', 'Rate'],
      view.completion.map((b) => [b.month, String(b.onTime), String(b.counted), percent(b.rate)]),
    ),
  );

  // Action items by type and state.
  const stateColours: Record<string, string> = { overdue: c.red, open: c.blue, inProgress: c.yellow, done: c.green, declined: c.lines };
  const actionLabels = view.actions.map((b) => `${b.type}: ${b.count} ${STATE_LABELS[b.state].toLowerCase()}`);
  picture = undefined;
  if (view.actions.length > 0) {
    const states = Object.keys(STATE_LABELS).filter((s) => view.actions.some((b) => b.state === s));
    picture = plot({
      width,
      height: Math.max(120, 36 * new Set(view.actions.map((b) => b.type)).size + 60),
      marginLeft: 90,
      x: { label: 'action items', grid: true },
      y: { label: null },
      color: { domain: states.map((s) => STATE_LABELS[s]), range: states.map((s) => stateColours[s]), legend: true },
      marks: [
        Plot.barX(view.actions, {
          y: 'type',
          x: 'count',
          fill: (d: { state: string }) => STATE_LABELS[d.state],
          title: (_d: unknown, i: number) => actionLabels[i],
        }),
        Plot.ruleX([0]),
      ],
    });
    interactive(picture, 'g[aria-label="bar"] rect', 'actions', actionLabels, version);
  }
  sections.push(
    section(
      'actions',
      'Action items by type and state',
      `${view.actions.reduce((sum, b) => sum + b.count, 0)} action items; ${view.actions.filter((b) => b.state === 'overdue').reduce((sum, b) => sum + b.count, 0)} overdue.`,
      picture,
      ['Type', 'State', 'Items'],
      view.actions.map((b) => [b.type, STATE_LABELS[b.state], String(b.count)]),
    ),
  );

  // The words that recur in contributing factors.
  const factorLabels = view.factors.map((b) => `"${b.factor}" in the contributing factors of ${b.count} post-mortems`);
  picture = undefined;
  if (view.factors.length > 0) {
    picture = plot({
      width,
      height: 30 * view.factors.length + 50,
      marginLeft: 110,
      x: { label: 'post-mortems', grid: true, tickFormat: 'd', ticks: countTicks(Math.max(...view.factors.map((b) => b.count))) },
      y: { label: null, domain: view.factors.map((b) => b.factor) },
      marks: [Plot.barX(view.factors, { y: 'factor', x: 'count', fill: c.orange, title: (_d: unknown, i: number) => factorLabels[i] }), Plot.ruleX([0])],
    });
    interactive(picture, 'g[aria-label="bar"] rect', 'factors', factorLabels, version);
  }
  sections.push(
    section(
      'factors',
      'Top contributing factors',
      'The words that recur in the Contributing Factors sections, by how many post-mortems mention them (at least two).',
      picture,
      ['Word', 'Post-mortems'],
      view.factors.map((b) => [b.factor, String(b.count)]),
    ),
  );

  const headline = el(
    'p',
    { class: 'totals' },
    `${t.postmortems} post-mortem${t.postmortems === 1 ? '' : 's'} · median time to detect ${minutes(t.detect)} · to resolve ${minutes(t.resolve)} · P0/P1 on time ${percent(t.completion.rate)}`,
  );
  const body =
    t.postmortems === 0
      ? [
          el(
            'p',
            { class: 'empty' },
            'No post-mortem in this range. Post-mortems are found anywhere in the workspace; widen the range or the team, or write one with "Post-Mortem: New Post-Mortem".',
          ),
        ]
      : [headline, ...sections];
  root.replaceChildren(el('h1', {}, 'Post-Mortem Insights'), filters(view, filter), ...body);
  root.setAttribute('aria-busy', 'false');
}

function filters(view: InsightsView, filter: Extract<ToWebview, { type: 'data' }>['filter']): HTMLElement {
  const range = el('select', { id: 'range', 'aria-label': 'Time range' });
  for (const months of RANGES) {
    const option = el('option', { value: months === undefined ? 'all' : String(months) }, months === undefined ? 'All time' : `Last ${months} months`);
    option.selected = months === filter.months;
    range.append(option);
  }
  const team = el('select', { id: 'team', 'aria-label': 'Team' }, el('option', { value: '' }, 'All teams'));
  for (const name of view.teams) {
    const option = el('option', { value: name }, name);
    option.selected = name === filter.team;
    team.append(option);
  }
  const send = (): void => {
    const next = { months: range.value === 'all' ? undefined : Number(range.value), team: team.value === '' ? undefined : team.value };
    vscode.setState(next);
    vscode.postMessage({ type: 'filter', filter: next });
  };
  range.addEventListener('change', send);
  team.addEventListener('change', send);
  return el('div', { class: 'filters' }, el('label', { for: 'range' }, 'Range'), range, el('label', { for: 'team' }, 'Team'), team);
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  if (event.data?.type !== 'data') return;
  current = event.data;
  draw();
});

// Drawn again when the panel's width or the theme changes.
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let drawnWidth = 0;
new ResizeObserver(() => {
  if (document.body.clientWidth === drawnWidth) return;
  drawnWidth = document.body.clientWidth;
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(draw, 150);
}).observe(document.body);
new MutationObserver(draw).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// A filter chosen before the panel was hidden comes back with it.
const saved = vscode.getState() as { months?: number; team?: string } | undefined;
if (saved) vscode.postMessage({ type: 'filter', filter: saved });
vscode.postMessage({ type: 'ready' });
