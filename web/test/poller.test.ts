import { describe, expect, it } from 'vitest';
import { type ConditionalResult, ConditionalPoller } from '../src/console/poller';

/** A scheduler the test steps by hand: no timers, no sleeps. */
function manualSchedule() {
  const pending: { run: () => void; ms: number }[] = [];
  return {
    pending,
    schedule: (run: () => void, ms: number) => {
      const entry = { run, ms };
      pending.push(entry);
      return () => { pending.splice(pending.indexOf(entry), 1); };
    },
    async next() {
      const entry = pending.shift();
      entry?.run();
      await flush();
      return entry?.ms;
    },
  };
}

const flush = () => new Promise(resolve => setTimeout(resolve, 0));

describe('ConditionalPoller', () => {
  it('sends the last ETag as If-None-Match and reports only changed values', async () => {
    const answers: ConditionalResult<string>[] = [
      { status: 'changed', value: 'v1', etag: '"1"' },
      { status: 'unchanged' },
      { status: 'changed', value: 'v2', etag: '"2"' },
    ];
    const sent: (string | null)[] = [];
    const values: string[] = [];
    const clock = manualSchedule();
    const poller = new ConditionalPoller<string>({
      fetch: async etag => { sent.push(etag); return answers.shift() ?? { status: 'unchanged' }; },
      onValue: v => values.push(v),
      schedule: clock.schedule,
    });
    poller.start();
    await flush();
    await clock.next();
    await clock.next();
    await clock.next();
    expect(sent).toEqual([null, '"1"', '"1"', '"2"']);
    expect(values).toEqual(['v1', 'v2']);
    poller.stop();
  });

  it('backs off after failures and recovers', async () => {
    const clock = manualSchedule();
    let fail = true;
    const errors: string[] = [];
    const poller = new ConditionalPoller<string>({
      fetch: async () => (fail ? { status: 'failed', code: 'network_error' } : { status: 'unchanged' }),
      onValue: () => {},
      onError: code => errors.push(code),
      intervalMs: 1000,
      maxIntervalMs: 5000,
      schedule: clock.schedule,
    });
    poller.start();
    await flush();
    expect(clock.pending[0]?.ms).toBe(2000);
    await clock.next();
    expect(clock.pending[0]?.ms).toBe(4000);
    await clock.next();
    expect(clock.pending[0]?.ms).toBe(5000);
    fail = false;
    await clock.next();
    expect(clock.pending[0]?.ms).toBe(1000);
    expect(errors).toEqual(['network_error', 'network_error', 'network_error']);
    poller.stop();
  });

  it('stops after a final value and after stop()', async () => {
    const clock = manualSchedule();
    const poller = new ConditionalPoller<string>({
      fetch: async () => ({ status: 'changed', value: 'closed', etag: null }),
      onValue: () => {},
      isFinal: v => v === 'closed',
      schedule: clock.schedule,
    });
    poller.start();
    await flush();
    expect(clock.pending).toHaveLength(0);

    const other = new ConditionalPoller<string>({ fetch: async () => ({ status: 'unchanged' }), onValue: () => {}, schedule: clock.schedule });
    other.start();
    await flush();
    expect(clock.pending).toHaveLength(1);
    other.stop();
    expect(clock.pending).toHaveLength(0);
  });
});
