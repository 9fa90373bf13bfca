import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A page with its heading; the heading takes focus when the page changes, so screen readers announce it. */
export function Page({ title, focusKey, children }: { title: string; focusKey: string | null; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusKey !== null) {
      heading.current?.focus();
    }
  }, [focusKey]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" ref={heading} tabIndex={-1}>{title}</h1>
      {children}
    </section>
  );
}
