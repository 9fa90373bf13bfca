import type { Translate } from './messages';
import { ActionButton } from './ActionButton';
import { Page } from './Page';

/** No answer, or the service busy or failing: say so, and offer to start again. */
export function FailedScreen({ reason, t, onRetry }: { reason: 'network' | 'busy' | 'unknown'; t: Translate; onRetry: () => Promise<void> }) {
  return (
    <Page title={t('failedTitle')} focusKey="failed">
      <p role="alert">{t(reason === 'busy' ? 'failedBusy' : 'failedNetwork')}</p>
      <ActionButton primary onClick={onRetry}>{t('retry')}</ActionButton>
    </Page>
  );
}
