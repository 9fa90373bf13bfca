import { formatCountdown, secondsUntil } from './flow';
import type { Translate } from './messages';
import { ActionButton } from './ActionButton';
import { Page } from './Page';

/** Too many wrong codes: a countdown, then a button to try again. */
export function LockedScreen({ until, t, now, onTryAgain }: { until: number; t: Translate; now: number; onTryAgain: () => Promise<void> }) {
  const left = secondsUntil(until, now);
  return (
    <Page title={t('lockedTitle')} focusKey="locked">
      <p role="status" aria-live="off">{t('locked', { time: formatCountdown(left) })}</p>
      <ActionButton primary disabled={left > 0} onClick={onTryAgain}>{t('tryAgain')}</ActionButton>
    </Page>
  );
}
