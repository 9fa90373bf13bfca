import type { Schemas } from '../api/client';

export type SessionSummary = Schemas['SessionSummary'];
export type SessionList = Schemas['SessionList'];

/** What the agent filters the list by: a status (or every one) and an exact reference (or none). */
export interface SessionFilter {
  status: 'all' | SessionSummary['status'];
  reference: string;
}

export const anySession: SessionFilter = { status: 'all', reference: '' };

export const pageSize = 20;

/** The query of `GET /api/sessions` for a filter: empty filters are left out, the reference is trimmed. */
export function listQuery(filter: SessionFilter, continuationToken: string | null, limit: number = pageSize) {
  const reference = filter.reference.trim();
  return {
    limit,
    ...(filter.status !== 'all' ? { status: filter.status } : {}),
    ...(reference ? { reference } : {}),
    ...(continuationToken ? { continuationToken } : {}),
  };
}

/** One page of the list: `ok` with the page, or `failed` with the problem's code. */
export type PageResult = { status: 'ok'; page: SessionList } | { status: 'failed'; code: string };

export type FetchPage = (filter: SessionFilter, continuationToken: string | null) => Promise<PageResult>;

export interface ListState {
  filter: SessionFilter;
  sessions: SessionSummary[];
  /** Where the next page starts; null when the last page has been read. */
  continuationToken: string | null;
  loading: boolean;
  /** The code of the last failure, until the next page arrives. */
  failure: string | null;
  /** Whether the first page of the current filter has arrived. */
  loaded: boolean;
}

/**
 * The agent's sessions, a page at a time ("Show more" appends the page the API's continuation token names). A new
 * filter starts again from the first page; an answer for an earlier filter, or one that arrives after a newer request,
 * is dropped, so a slow response can never mix two filters in one list.
 */
export class SessionListLoader {
  private state: ListState = { filter: anySession, sessions: [], continuationToken: null, loading: false, failure: null, loaded: false };
  private request = 0;

  constructor(private readonly fetchPage: FetchPage, private readonly onChange: (state: ListState) => void) {}

  get current(): ListState {
    return this.state;
  }

  /** Reads the first page for a filter (the list is emptied at once). */
  load(filter: SessionFilter): Promise<void> {
    this.set({ filter, sessions: [], continuationToken: null, loaded: false });
    return this.read(null, true);
  }

  /** Reads the next page, if there is one and no read is under way. */
  more(): Promise<void> {
    if (!this.state.continuationToken || this.state.loading) {
      return Promise.resolve();
    }
    return this.read(this.state.continuationToken, false);
  }

  private async read(token: string | null, first: boolean): Promise<void> {
    const request = ++this.request;
    const filter = this.state.filter;
    this.set({ loading: true, failure: null });
    const result = await this.fetchPage(filter, token).catch((): PageResult => ({ status: 'failed', code: 'network_error' }));
    if (request !== this.request) {
      return;
    }
    if (result.status === 'failed') {
      this.set({ loading: false, failure: result.code });
      return;
    }
    const seen = new Set(first ? [] : this.state.sessions.map(s => s.sessionId));
    this.set({
      sessions: [...(first ? [] : this.state.sessions), ...result.page.sessions.filter(s => !seen.has(s.sessionId))],
      continuationToken: result.page.continuationToken ?? null,
      loading: false,
      loaded: true,
    });
  }

  private set(patch: Partial<ListState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }
}
