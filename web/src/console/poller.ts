/** One conditional GET: the ETag the caller last saw goes out as If-None-Match. */
export type ConditionalFetch<T> = (etag: string | null) => Promise<ConditionalResult<T>>;

export type ConditionalResult<T> =
  | { status: 'changed'; value: T; etag: string | null }
  | { status: 'unchanged' }
  | { status: 'failed'; code: string };

export interface PollerOptions<T> {
  fetch: ConditionalFetch<T>;
  onValue: (value: T) => void;
  onError?: (code: string) => void;
  /** Stop polling after this value (e.g. a closed session changes no more). */
  isFinal?: (value: T) => boolean;
  intervalMs?: number;
  /** After a failure the wait doubles, up to this. */
  maxIntervalMs?: number;
  schedule?: (run: () => void, ms: number) => () => void;
}

/**
 * Polls a resource with If-None-Match, so that "nothing changed" costs a 304 without a body:
 * the console's live participant status. Only a changed value reaches `onValue`.
 */
export class ConditionalPoller<T> {
  private etag: string | null = null;
  private cancel: (() => void) | null = null;
  private stopped = false;
  private failures = 0;

  constructor(private readonly options: PollerOptions<T>) {}

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = null;
  }

  /** Polls now (after an action of the agent) instead of waiting for the next tick. */
  refresh(): void {
    if (this.stopped) {
      return;
    }
    this.cancel?.();
    void this.tick();
  }

  private async tick(): Promise<void> {
    const { fetch, onValue, onError, isFinal } = this.options;
    const result = await fetch(this.etag);
    if (this.stopped) {
      return;
    }
    if (result.status === 'changed') {
      this.failures = 0;
      this.etag = result.etag;
      onValue(result.value);
      if (isFinal?.(result.value)) {
        return;
      }
    } else if (result.status === 'unchanged') {
      this.failures = 0;
    } else {
      this.failures++;
      onError?.(result.code);
    }
    this.cancel = (this.options.schedule ?? defaultSchedule)(() => void this.tick(), this.nextDelay());
  }

  private nextDelay(): number {
    const interval = this.options.intervalMs ?? 1500;
    const max = this.options.maxIntervalMs ?? 30000;
    return Math.min(max, interval * 2 ** this.failures);
  }
}

function defaultSchedule(run: () => void, ms: number): () => void {
  const handle = setTimeout(run, ms);
  return () => clearTimeout(handle);
}
