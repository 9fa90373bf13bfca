import { describe, expect, it } from 'vitest';
import {
  type Insights, conversionChart, countryChart, deliveryChart, describeChart, formatSeconds, funnelChart, percent, rangeProblem, timeChart, utcDay,
} from '../src/console/insights';

const insights: Insights = {
  from: '2030-03-01', to: '2030-03-02', team: 'retail',
  funnel: { invited: 5, opened: 4, otpPage: 4, authenticated: 2 }, conversionRate: 0.4,
  byDay: [{ date: '2030-03-01', invited: 4, authenticated: 1 }, { date: '2030-03-02', invited: 0, authenticated: 0 }],
  delivery: { sms: { sent: 2, delivered: 1, failed: 1 }, email: { sent: 3, delivered: 0, failed: 0 } },
  timeToAuthenticateSeconds: { p50: 95, p95: null },
  lockouts: 3, bans: 1, reported: 1, budgetRefusals: 0,
  byCountry: [{ country: 'GB', sent: 2, failed: 0, authenticated: 1 }],
};

describe('insights charts', () => {
  it('draws the funnel in stage order', () => {
    expect(funnelChart(insights).rows.map(r => [r.label, r.values[0]])).toEqual([
      ['Invited', 5], ['Opened the link', 4], ['Reached the code page', 4], ['Authenticated', 2],
    ]);
  });

  it('gives conversion per day in percent, 0 on a day without invitations', () => {
    expect(conversionChart(insights).rows).toEqual([
      { label: '2030-03-01', values: [25, 4, 1] },
      { label: '2030-03-02', values: [0, 0, 0] },
    ]);
  });

  it('lists deliveries per channel by outcome and countries as answered', () => {
    expect(deliveryChart(insights).rows).toEqual([{ label: 'SMS', values: [2, 1, 1] }, { label: 'Email', values: [3, 0, 0] }]);
    expect(countryChart(insights).rows).toEqual([{ label: 'GB', values: [2, 0, 1] }]);
  });

  it('shows only the percentiles there are', () => {
    expect(timeChart(insights).rows).toEqual([{ label: 'Median (p50)', values: [95] }]);
    expect(timeChart({ ...insights, timeToAuthenticateSeconds: { p50: null, p95: null } }).rows).toEqual([]);
  });

  it('describes a chart in one sentence, or says there is no data', () => {
    expect(describeChart('Deliveries', deliveryChart(insights))).toBe(
      'Deliveries: SMS sent, no report yet 2, delivered 1, failed 1; Email sent, no report yet 3, delivered 0, failed 0.');
    expect(describeChart('Countries', { series: ['Sends'], rows: [] })).toBe('Countries: no data.');
  });
});

describe('insights text', () => {
  it('formats seconds as people read them', () => {
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(185)).toBe('3 min 5 s');
    expect(formatSeconds(120)).toBe('2 min');
    expect(formatSeconds(7800)).toBe('2 h 10 min');
    expect(formatSeconds(86400)).toBe('24 h');
  });

  it('gives a share in whole percent, or a dash without a whole', () => {
    expect(percent(2, 5)).toBe('40 %');
    expect(percent(0, 0)).toBe('–');
  });

  it('checks a range as the API does', () => {
    expect(rangeProblem('2030-03-01', '2030-03-07')).toBeNull();
    expect(rangeProblem('2030-03-08', '2030-03-07')).toBe('The first day must not be after the last.');
    expect(rangeProblem('2030-01-01', '2030-04-02')).toBeNull();
    expect(rangeProblem('2030-01-01', '2030-04-03')).toBe('Choose at most 92 days.');
    expect(rangeProblem('', '2030-03-07')).toBe('Choose two days.');
  });

  it('counts UTC days', () => {
    expect(utcDay(new Date('2030-03-04T23:30:00Z'))).toBe('2030-03-04');
    expect(utcDay(new Date('2030-03-04T23:30:00Z'), -6)).toBe('2030-02-26');
  });
});
