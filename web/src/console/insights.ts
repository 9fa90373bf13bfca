import type { Schemas } from '../api/client';

/** The answer of `GET /api/insights`. */
export type Insights = Schemas['Insights'];

/** One bar (or table row) of a chart: a label and a value per series. */
export interface ChartRow {
  label: string;
  values: number[];
}

/** A chart's data, drawn by the page and repeated in the table beside it (for screen readers and for exact numbers). */
export interface ChartData {
  series: string[];
  rows: ChartRow[];
}

const day = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day `YYYY-MM-DD` of `date`, and the one `days` before or after it. */
export function utcDay(date: Date, days = 0): string {
  const shifted = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days));
  return shifted.toISOString().slice(0, 10);
}

/** What is wrong with a range before asking (the API checks the same: UTC days, from ≤ to, at most 92 days); null when fine. */
export function rangeProblem(from: string, to: string): string | null {
  if (!day.test(from) || !day.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
    return 'Choose two days.';
  }
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (span < 1) {
    return 'The first day must not be after the last.';
  }
  return span > 92 ? 'Choose at most 92 days.' : null;
}

/** A share as a whole percentage ("40 %"); "–" when there is nothing to divide by. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)} %` : '–';
}

/** The funnel: participants invited, and how many of them opened the link, reached the code page and authenticated. */
export function funnelChart(insights: Insights): ChartData {
  const f = insights.funnel;
  return {
    series: ['Participants'],
    rows: [
      { label: 'Invited', values: [f.invited] },
      { label: 'Opened the link', values: [f.opened] },
      { label: 'Reached the code page', values: [f.otpPage] },
      { label: 'Authenticated', values: [f.authenticated] },
    ],
  };
}

/** Conversion per day (authenticated ÷ invited, in %; 0 on a day without invitations), with both counts. */
export function conversionChart(insights: Insights): ChartData {
  return {
    series: ['Conversion (%)', 'Invited', 'Authenticated'],
    rows: insights.byDay.map(d => ({
      label: d.date,
      values: [d.invited > 0 ? Math.round((d.authenticated / d.invited) * 1000) / 10 : 0, d.invited, d.authenticated],
    })),
  };
}

/** Sends by channel and latest outcome. */
export function deliveryChart(insights: Insights): ChartData {
  const row = (label: string, c: Insights['delivery']['sms']) => ({ label, values: [c.sent, c.delivered, c.failed] });
  return { series: ['Sent, no report yet', 'Delivered', 'Failed'], rows: [row('SMS', insights.delivery.sms), row('Email', insights.delivery.email)] };
}

/** Sends, failed sends and authentications by country (of the participant's SMS number). */
export function countryChart(insights: Insights): ChartData {
  return {
    series: ['Sends', 'Failed', 'Authenticated'],
    rows: insights.byCountry.map(c => ({ label: c.country, values: [c.sent, c.failed, c.authenticated] })),
  };
}

/** A number of seconds as people read it: "45 s", "3 min 5 s", "2 h 10 min". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  const minutes = Math.round((s % 3600) / 60);
  return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
}

/** Time to authenticate: the median and the 95th percentile, in seconds (none without authentications). */
export function timeChart(insights: Insights): ChartData {
  const t = insights.timeToAuthenticateSeconds;
  const rows: ChartRow[] = [];
  if (t.p50 != null) {
    rows.push({ label: 'Median (p50)', values: [t.p50] });
  }
  if (t.p95 != null) {
    rows.push({ label: '95th percentile (p95)', values: [t.p95] });
  }
  return { series: ['Seconds'], rows };
}

/** One sentence a screen reader hears for a chart: its rows and first series. */
export function describeChart(title: string, data: ChartData): string {
  if (data.rows.length === 0) {
    return `${title}: no data.`;
  }
  return `${title}: ` + data.rows.map(r => `${r.label} ${r.values.map((v, i) => `${data.series[i]?.toLowerCase()} ${v}`).join(', ')}`).join('; ') + '.';
}
