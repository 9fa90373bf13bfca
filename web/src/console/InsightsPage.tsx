import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ApiClient, Problem } from '../api/client';
import {
  type ChartData, type Insights, conversionChart, countryChart, deliveryChart, describeChart, formatSeconds, funnelChart, percent,
  rangeProblem, timeChart, utcDay,
} from './insights';
import { describeProblem } from './problems';

interface Props {
  api: ApiClient;
  onUnauthorized: () => void;
}

type State = { status: 'loading' } | { status: 'ok'; insights: Insights } | { status: 'failed'; problem: Partial<Problem> | undefined };

const colors = ['#1f5fa8', '#b3541e', '#2e7d32'];

/**
 * Insights: the figures of the agent's own sessions (a supervisor's or an administrator's team's) over UTC days. Every
 * chart has a table beside it with the same numbers, for screen readers and for exact values; the chart itself is an
 * image with a one-sentence description.
 */
export function InsightsPage({ api, onUnauthorized }: Props) {
  const today = utcDay(new Date());
  const [from, setFrom] = useState(utcDay(new Date(), -6));
  const [to, setTo] = useState(today);
  const [asked, setAsked] = useState({ from, to });
  const [state, setState] = useState<State>({ status: 'loading' });
  const invalid = rangeProblem(from, to);

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    api.GET('/insights', { params: { query: asked } }).then(
      ({ data, error, response }) => {
        if (!current) {
          return;
        }
        if (response.status === 401) {
          onUnauthorized();
        }
        setState(data ? { status: 'ok', insights: data } : { status: 'failed', problem: error });
      },
      () => current && setState({ status: 'failed', problem: undefined }),
    );
    return () => { current = false; };
  }, [api, asked.from, asked.to]);

  return (
    <section aria-labelledby="insights-title" class="insights">
      <h1 id="insights-title">Insights</h1>
      <form class="inline" onSubmit={e => { e.preventDefault(); if (!invalid) setAsked({ from, to }); }}>
        <label for="insights-from">First day (UTC)</label>
        <input id="insights-from" type="date" value={from} max={today} onInput={e => setFrom(e.currentTarget.value)}
          aria-invalid={invalid ? 'true' : undefined} aria-describedby={invalid ? 'insights-range-error' : undefined} />
        <label for="insights-to">Last day (UTC)</label>
        <input id="insights-to" type="date" value={to} onInput={e => setTo(e.currentTarget.value)}
          aria-invalid={invalid ? 'true' : undefined} aria-describedby={invalid ? 'insights-range-error' : undefined} />
        <button type="submit" disabled={invalid !== null}>Show</button>
        {invalid && <p id="insights-range-error" class="error">{invalid}</p>}
      </form>
      <div aria-live="polite">
        {state.status === 'loading' && <p role="status">Loading the figures…</p>}
        {state.status === 'failed' && <p role="alert" class="error">{describeProblem(state.problem)}</p>}
        {state.status === 'ok' && <Figures insights={state.insights} />}
      </div>
    </section>
  );
}

function Figures({ insights }: { insights: Insights }) {
  const time = timeChart(insights);
  return (
    <>
      <p class="insights-scope">
        {insights.team ? `Team ${insights.team}` : 'Your sessions'}, {insights.from} to {insights.to}:{' '}
        <strong>{insights.funnel.invited}</strong> invited, <strong>{insights.funnel.authenticated}</strong> authenticated
        (conversion <strong>{percent(insights.funnel.authenticated, insights.funnel.invited)}</strong>).
      </p>
      <dl class="insights-counts">
        <div><dt>Lockouts</dt><dd>{insights.lockouts}</dd></div>
        <div><dt>Banned</dt><dd>{insights.bans}</dd></div>
        <div><dt>Reported</dt><dd>{insights.reported}</dd></div>
        <div><dt>Send budget refusals</dt><dd>{insights.budgetRefusals}</dd></div>
      </dl>
      <Chart id="funnel" title="Funnel" data={funnelChart(insights)} kind="bars" />
      <Chart id="conversion" title="Conversion by day" data={conversionChart(insights)} kind="line" />
      <Chart id="delivery" title="Delivery outcomes by channel" data={deliveryChart(insights)} kind="bars" transpose />
      <Chart id="countries" title="Delivery by country" data={countryChart(insights)} kind="bars" />
      <Chart id="time" title="Time to authenticate" data={time} kind="bars" format={formatSeconds} />
    </>
  );
}

interface ChartProps {
  id: string;
  title: string;
  data: ChartData;
  kind: 'bars' | 'line';
  /** Draw the table's columns as the categories (e.g. outcomes), its rows as the series (e.g. channels). */
  transpose?: boolean;
  format?: (value: number) => string;
}

/** A chart (uPlot, on a canvas) described in one sentence, with the table of its numbers beside it. */
function Chart({ id, title, data, kind, transpose, format }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current || data.rows.length === 0) {
      return;
    }
    const drawn = transpose ? flip(data) : data;
    // The conversion line draws its first series only (the percentage); the table has the counts too.
    const series = kind === 'line' ? drawn.series.slice(0, 1) : drawn.series.slice(0, 2);
    const labels = drawn.rows.map(r => r.label);
    const xs = labels.map((_, i) => i);
    const plot = new uPlot({
      width: Math.max(280, Math.min(host.current.clientWidth || 560, 720)),
      height: 220,
      scales: { x: { time: false, range: [-0.6, xs.length - 0.4] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { splits: () => xs, values: (_u, splits) => splits.map(s => labels[s] ?? ''), grid: { show: false } },
        { values: (_u, splits) => splits.map(s => (format ? format(s) : String(s))), size: format ? 70 : 50 },
      ],
      cursor: { show: false },
      legend: { live: false },
      series: [
        {},
        ...series.map((label, i) => ({
          label,
          stroke: colors[i],
          fill: kind === 'bars' ? colors[i] : undefined,
          width: kind === 'line' ? 2 : 0,
          points: { show: kind === 'line' },
          paths: kind === 'bars'
            ? uPlot.paths.bars!({ size: [series.length > 1 ? 0.35 : 0.6, 80], align: series.length > 1 ? (i === 0 ? -1 : 1) : 0 })
            : undefined,
        })),
      ],
    }, [xs, ...series.map((_, i) => drawn.rows.map(r => r.values[i] ?? 0))], host.current);
    return () => plot.destroy();
  }, [data, kind, transpose]);

  const caption = `${id}-title`;
  return (
    <section class="insights-chart" aria-labelledby={caption}>
      <h2 id={caption}>{title}</h2>
      {data.rows.length === 0
        ? <p>No data for these days.</p>
        : (
          <div class="insights-pair">
            <div ref={host} role="img" aria-label={describeChart(title, data)} />
            <table>
              <caption>{title} (table)</caption>
              <thead>
                <tr><th scope="col">{kind === 'line' ? 'Day' : ''}</th>{data.series.map(s => <th scope="col" key={s}>{s}</th>)}</tr>
              </thead>
              <tbody>
                {data.rows.map(r => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    {r.values.map((v, i) => <td key={i}>{format ? format(v) : v}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

/** The same numbers with rows and series swapped. */
function flip(data: ChartData): ChartData {
  return {
    series: data.rows.map(r => r.label),
    rows: data.series.map((label, i) => ({ label, values: data.rows.map(r => r.values[i] ?? 0) })),
  };
}
