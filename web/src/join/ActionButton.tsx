import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** A button that stays disabled while its action runs. */
export function ActionButton({ primary, disabled, onClick, children }: { primary?: boolean; disabled?: boolean; onClick: () => unknown; children: ComponentChildren }) {
  const [busy, setBusy] = useState(false);
  return (
    <button type="button" class={primary ? 'primary wide' : 'wide'} disabled={disabled || busy}
      onClick={async () => { setBusy(true); try { await onClick(); } finally { setBusy(false); } }}>{children}</button>
  );
}
