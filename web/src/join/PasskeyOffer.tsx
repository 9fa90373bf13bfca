import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { Translate } from './messages';
import { mayOfferPasskey, passkeyOffer, savePasskey } from './passkeys';

/**
 * After an entry with a code: one tap saves a passkey for next time; "Not now" hides the offer for good in this browser.
 * Shown only when the server would take one (the policy allows passkeys, the entry was with a code).
 */
export function PasskeyOffer({ me, t }: { me: ApiClient; t: Translate }) {
  const [state, setState] = useState<'checking' | 'offer' | 'saving' | 'saved' | 'failed' | 'hidden'>('checking');
  useEffect(() => {
    let live = true;
    void mayOfferPasskey(me).then(may => live && setState(may ? 'offer' : 'hidden'));
    return () => { live = false; };
  }, [me]);
  if (state === 'checking' || state === 'hidden') {
    return null;
  }
  return (
    <section class="passkey-offer" aria-labelledby="passkey-offer-title">
      <h2 id="passkey-offer-title">{t('passkeyOfferTitle')}</h2>
      {state === 'saved' || state === 'failed'
        ? <p role="status" class={state === 'failed' ? 'message error' : 'message'}>{t(state === 'saved' ? 'passkeyOfferSaved' : 'passkeyOfferFailed')}</p>
        : (<>
          <p>{t('passkeyOfferText')}</p>
          <button type="button" class="primary wide" disabled={state === 'saving'}
            onClick={async () => { setState('saving'); setState(await savePasskey(me) ? 'saved' : 'failed'); }}>{t('passkeyOfferSave')}</button>
          <button type="button" class="wide" disabled={state === 'saving'}
            onClick={() => { passkeyOffer.skip(); setState('hidden'); }}>{t('passkeyOfferSkip')}</button>
        </>)}
    </section>
  );
}
