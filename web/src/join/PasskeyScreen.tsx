import { ActionButton } from './ActionButton';
import { Page } from './Page';
import type { PasskeyNotice } from './flow';
import type { Translate } from './messages';

/** A returning participant with a passkey: the passkey first, a code only when asked for. */
export function PasskeyScreen({ notice, t, onUsePasskey, onUseCode }: {
  notice: PasskeyNotice | null; t: Translate; onUsePasskey: () => Promise<void>; onUseCode: () => Promise<void>;
}) {
  const message = notice?.kind === 'cancelled' ? t('passkeyReturnCancelled')
    : notice?.kind === 'invalid' ? [t('passkeyReturnInvalid'), notice.attemptsRemaining === null ? ''
      : t('attemptsLeft', { count: notice.attemptsRemaining })].join(' ').trim()
    : '';
  return (
    <Page title={t('passkeyReturnTitle')} focusKey="passkey">
      <p class="lead">{t('passkeyReturnText')}</p>
      <p class={notice ? 'message error' : 'message'} role={notice ? 'alert' : 'status'}>{message}</p>
      <ActionButton primary onClick={onUsePasskey}>{t('passkeyReturnUse')}</ActionButton>
      <ActionButton onClick={onUseCode}>{t('passkeyReturnUseCode')}</ActionButton>
    </Page>
  );
}
