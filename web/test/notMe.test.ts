import { describe, expect, it } from 'vitest';
import { readReportToken, screenForReport } from '../src/notme/flow';
import { notMeCatalogues, notMeLocales, notMeTranslator } from '../src/notme/messages';
import { locales } from '../src/join/messages';

describe('"not me" page', () => {
  it('speaks the same ten languages as the join page, each with every key of English', () => {
    expect(notMeLocales).toEqual(locales);
    for (const locale of notMeLocales) {
      expect(Object.keys(notMeCatalogues[locale]).sort(), locale).toEqual(Object.keys(notMeCatalogues.en).sort());
      for (const text of Object.values(notMeCatalogues[locale])) {
        expect(text.trim(), locale).not.toBe('');
      }
    }
  });

  it('gives ten distinct texts for the question and the answer', () => {
    for (const key of ['askTitle', 'confirm', 'cancel', 'done'] as const) {
      expect(new Set(notMeLocales.map(l => notMeTranslator(l)(key))).size, key).toBe(10);
    }
  });

  it('reads a 22-character report token from the fragment and nothing else', () => {
    const token = 'AbCdEfGhIjKlMnOpQrSt_-';
    expect(readReportToken(`#${token}`)).toBe(token);
    expect(readReportToken('')).toBeNull();
    expect(readReportToken('#short')).toBeNull();
    expect(readReportToken(`#${token}x`)).toBeNull();  // an invite token is longer: not a report token
    expect(readReportToken('#%E0%A4%A')).toBeNull();  // a broken escape is no token, not an error
  });

  it('shows done after 202, the invalid link after 404 and a retry otherwise', () => {
    expect(screenForReport(202)).toEqual({ kind: 'done' });
    expect(screenForReport(404)).toEqual({ kind: 'link_invalid' });
    expect(screenForReport(503)).toEqual({ kind: 'failed' });
    expect(screenForReport(null)).toEqual({ kind: 'failed' });
  });
});
