import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApiClient } from '../api/client';
import type { WebConfig } from '../common/config';
import { direction } from '../common/direction';
import { pickLocale } from '../join/flow';
import { Page } from '../join/Page';
import { type NotMeScreen, readReportToken, screenForReport } from './flow';
import { notMeLocales, notMeTranslator } from './messages';

/**
 * The "not me" page (`/not-me#<reportToken>`): the token is taken from the fragment and the address bar is cleaned at
 * once; the page asks once, then reports with `Authorization: Report <token>` (never in a URL) and says it is done.
 * The language is the browser's first one we speak, else English.
 */
export function NotMeApp({ config }: { config: WebConfig }) {
  const [token] = useState(() => readReportToken(window.location.hash));
  const [screen, setScreen] = useState<NotMeScreen>(() => (token ? { kind: 'ask' } : { kind: 'no_link' }));
  const t = useMemo(() => notMeTranslator(pickLocale(undefined, navigator.languages, notMeLocales)), []);
  const api = useMemo(() => createApiClient(config.apiBaseUrl, () => (token ? `Report ${token}` : null)), [config, token]);

  useEffect(() => {
    // The token leaves the address bar (and the history entry) before anything else happens.
    if (window.location.hash) {
      history.replaceState(null, '', window.location.pathname);
    }
    document.documentElement.lang = t.locale;
    document.documentElement.dir = direction(t.locale);
    document.title = t('title');
  }, [t]);

  const report = async () => {
    setScreen({ kind: 'sending' });
    try {
      const { response } = await api.POST('/not-me');
      setScreen(screenForReport(response.status));
    } catch {
      setScreen(screenForReport(null));
    }
  };

  return (
    <main id="main" class="join" aria-busy={screen.kind === 'sending'}>
      <p class="org">{config.organisation}</p>
      <ScreenView screen={screen} t={t} onReport={report} onCancel={() => setScreen({ kind: 'cancelled' })} />
    </main>
  );
}

function ScreenView({ screen, t, onReport, onCancel }: {
  screen: NotMeScreen; t: ReturnType<typeof notMeTranslator>; onReport: () => void; onCancel: () => void;
}) {
  switch (screen.kind) {
    case 'no_link':
      return <Page title={t('noLinkTitle')} focusKey="no_link"><p>{t('noLink')}</p></Page>;
    case 'ask':
    case 'sending':
      return (
        <Page title={t('askTitle')} focusKey="ask">
          <p class="lead">{t('ask')}</p>
          <button type="button" class="primary wide" disabled={screen.kind === 'sending'} onClick={onReport}>{t('confirm')}</button>
          <button type="button" class="wide" disabled={screen.kind === 'sending'} onClick={onCancel}>{t('cancel')}</button>
          <p class="message" role="status" aria-live="polite">{screen.kind === 'sending' ? t('sending') : ''}</p>
        </Page>
      );
    case 'done':
      return <Page title={t('doneTitle')} focusKey="done"><p class="success">{t('done')}</p><p>{t('doneNext')}</p></Page>;
    case 'cancelled':
      return <Page title={t('cancelledTitle')} focusKey="cancelled"><p>{t('cancelled')}</p></Page>;
    case 'link_invalid':
      return <Page title={t('invalidTitle')} focusKey="link_invalid"><p>{t('invalid')}</p></Page>;
    case 'failed':
      return (
        <Page title={t('failedTitle')} focusKey="failed">
          <p role="alert">{t('failed')}</p>
          <button type="button" class="primary wide" onClick={onReport}>{t('retry')}</button>
        </Page>
      );
  }
}
