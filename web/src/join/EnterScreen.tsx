import type { Translate } from './messages';
import { ActionButton } from './ActionButton';
import { Page } from './Page';

/** The welcome when no code is needed: one button to enter. */
export function EnterScreen({ t, onEnter }: { t: Translate; onEnter: () => Promise<void> }) {
  return (
    <Page title={t('enterTitle')} focusKey="enter">
      <p>{t('enterText')}</p>
      <ActionButton primary onClick={onEnter}>{t('enter')}</ActionButton>
    </Page>
  );
}
