import { ActionButton } from './ActionButton';
import { Page } from './Page';
import { passkeyText } from './passkeyMessages';

/** What happened to the last try on the passkey page. */
export type PasskeyNotice = { kind: 'cancelled' } | { kind: 'invalid'; attemptsRemaining: number | null };

/** A returning participant with a passkey: the passkey first, a code only when asked for. */
export function PasskeyScreen({ notice, onUsePasskey, onUseCode }: {
  notice: PasskeyNotice | null; onUsePasskey: () => Promise<void>; onUseCode: () => Promise<void>;
}) {
  const message = notice?.kind === 'cancelled' ? passkeyText('returnCancelled')
    : notice?.kind === 'invalid' ? [passkeyText('returnInvalid'), notice.attemptsRemaining === null ? ''
      : passkeyText('returnAttemptsLeft', { count: notice.attemptsRemaining })].join(' ').trim()
    : '';
  return (
    <Page title={passkeyText('returnTitle')} focusKey="passkey">
      <p class="lead">{passkeyText('returnText')}</p>
      <p class={notice ? 'message error' : 'message'} role={notice ? 'alert' : 'status'}>{message}</p>
      <ActionButton primary onClick={onUsePasskey}>{passkeyText('returnUse')}</ActionButton>
      <ActionButton onClick={onUseCode}>{passkeyText('returnUseCode')}</ActionButton>
    </Page>
  );
}
