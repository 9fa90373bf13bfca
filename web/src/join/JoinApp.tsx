import type { WebConfig } from '../common/config';
import type { Screen } from './flow';
import type { Translate } from './messages';
import { CodeScreen } from './CodeScreen';
import { EnteredScreen } from './EnteredScreen';
import { EnterScreen } from './EnterScreen';
import { FailedScreen } from './FailedScreen';
import { InfoScreen } from './InfoScreen';
import { LinkExpiredScreen } from './LinkExpiredScreen';
import { LoadingScreen } from './LoadingScreen';
import { LockedScreen } from './LockedScreen';
import { PasskeyOffer } from './PasskeyOffer';
import { PasskeyScreen } from './PasskeyScreen';
import { type Actions, type Who, useJoinFlow } from './useJoinFlow';

/** The customer's page: who invited them, then the screen the flow is on. */
export function JoinApp({ config }: { config: WebConfig }) {
  const { screen, who, t, now, actions, me } = useJoinFlow(config);
  return (
    <main id="main" class="join" aria-busy={screen.kind === 'loading'}>
      <p class="org">{config.organisation}</p>
      {who && screen.kind !== 'entered' && (
        <p class="invited">{t(who.role === 'cosigner' ? 'invitedCosigner' : 'invited', { organisation: config.organisation, name: who.name })}</p>
      )}
      <ScreenView screen={screen} t={t} now={now} who={who} actions={actions} />
      {screen.kind === 'entered' && screen.offerPasskey && <PasskeyOffer me={me} t={t} />}
    </main>
  );
}

function ScreenView({ screen, t, now, who, actions }: { screen: Screen; t: Translate; now: number; who: Who | null; actions: Actions }) {
  switch (screen.kind) {
    case 'loading':
      return <LoadingScreen t={t} />;
    case 'no_link':
      return <InfoScreen title={t('noLinkTitle')} text={t('noLink')} focusKey="no_link" />;
    case 'link_invalid':
      return <InfoScreen title={t('linkInvalidTitle')} text={t('linkInvalid')} focusKey="link_invalid" />;
    case 'link_expired':
      return <LinkExpiredScreen sent={screen.sent} waitUntil={screen.waitUntil} t={t} now={now} onNewLink={actions.newLink} />;
    case 'enter':
      return <EnterScreen t={t} onEnter={actions.enter} />;
    case 'otp':
      return <CodeScreen status={screen.status} notice={screen.notice} t={t} now={now} actions={actions} />;
    case 'locked':
      return <LockedScreen until={screen.until} t={t} now={now} onTryAgain={() => actions.arrive(null)} />;
    case 'banned':
      return <InfoScreen title={t('bannedTitle')} text={t('banned')} focusKey="banned" />;
    case 'passkey':
      return <PasskeyScreen notice={screen.notice} t={t} onUsePasskey={actions.passkey} onUseCode={() => actions.arrive(null)} />;
    case 'entered':
      return <EnteredScreen name={who?.name ?? ''} t={t} onSignOut={actions.signOut} />;
    case 'signed_out':
      return <InfoScreen title={t('signedOutTitle')} text={t('signedOut')} focusKey="signed_out" />;
    case 'ended':
      return <InfoScreen title={t('endedTitle')} text={t('ended')} focusKey="ended" />;
    case 'failed':
      return <FailedScreen reason={screen.reason} t={t} onRetry={actions.open} />;
  }
}
