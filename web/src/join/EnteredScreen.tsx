import type { Translate } from './messages';
import { ActionButton } from './ActionButton';
import { Page } from './Page';

/** Inside the session, with a way to sign out. */
export function EnteredScreen({ name, t, onSignOut }: { name: string; t: Translate; onSignOut: () => Promise<void> }) {
  return (
    <Page title={t('enteredTitle')} focusKey="entered">
      <p class="success">{t('entered', { name })}</p>
      <ActionButton onClick={onSignOut}>{t('signOut')}</ActionButton>
    </Page>
  );
}
