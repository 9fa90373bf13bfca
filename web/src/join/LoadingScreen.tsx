import type { Translate } from './messages';
import { Page } from './Page';

/** While the invitation is read. */
export function LoadingScreen({ t }: { t: Translate }) {
  return <Page title={t('title')} focusKey="loading"><p role="status">{t('loading')}</p></Page>;
}
