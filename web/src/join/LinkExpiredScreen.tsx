import { formatCountdown, secondsUntil } from './flow';
import type { Translate } from './messages';
import { ActionButton } from './ActionButton';
import { Page } from './Page';

/** The link has expired: ask for a new one (once the wait, if any, is over), or see that it was sent. */
export function LinkExpiredScreen({ sent, waitUntil, t, now, onNewLink }: {
  sent: boolean; waitUntil: number | null; t: Translate; now: number; onNewLink: () => Promise<void>;
}) {
  const wait = secondsUntil(waitUntil, now);
  return (
    <Page title={t('linkExpiredTitle')} focusKey="link_expired">
      {sent ? <p role="status">{t('newLinkSent')}</p> : <>
        <p>{t('linkExpired')}</p>
        <ActionButton primary disabled={wait > 0} onClick={onNewLink}>{t('sendNewLink')}</ActionButton>
        <p role="status">{wait > 0 ? t('waitBeforeAsking', { time: formatCountdown(wait) }) : ''}</p>
      </>}
    </Page>
  );
}
