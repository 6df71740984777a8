/**
 * The owner's calls. On the server's own origin (the /admin page) the session is the HttpOnly
 * cookie set by POST /admin/session; mounted anywhere else (`api` pointing at another origin) the
 * token is kept in sessionStorage and sent as a bearer header, since that cookie never leaves its origin.
 */
import { ApiError, call, newKey } from '../widgets/base/api.js';

export class AdminApi {
  readonly origin: string;
  readonly sameOrigin: boolean;
  private readonly storageKey: string;

  constructor(readonly base: string) {
    this.origin = new URL(base, location.href).origin;
    this.sameOrigin = this.origin === location.origin;
    this.storageKey = `frontdesk-admin:${this.origin}`;
  }

  private get token(): string | null {
    return this.sameOrigin ? null : sessionStorage.getItem(this.storageKey);
  }

  private init(): RequestInit {
    const token = this.token;
    return this.sameOrigin ? { credentials: 'same-origin' } : { headers: token ? { Authorization: `Bearer ${token}` } : {} };
  }

  get<T>(path: string): Promise<T> {
    return call<T>(this.base, '/admin' + path, this.init());
  }

  send<T>(method: string, path: string, json?: unknown): Promise<T> {
    return call<T>(this.base, '/admin' + path, {
      ...this.init(),
      method,
      json,
      ...(method === 'POST' ? { idempotencyKey: newKey() } : {}),
    });
  }

  /** Whether a sign-in is held (a live session cookie, or a token kept for this tab): asked without a 401. */
  async signedIn(): Promise<boolean> {
    if (!this.sameOrigin) return sessionStorage.getItem(this.storageKey) !== null;
    return (await call<{ signedIn: boolean }>(this.origin, '/admin/session', { credentials: 'same-origin' })).signedIn;
  }

  /** Signs in: the cookie exchange on our own origin, else the token kept for this tab. Throws ApiError(401) when wrong. */
  async signIn(token: string): Promise<void> {
    if (this.sameOrigin) {
      await call(this.origin, '/admin/session', { method: 'POST', json: { token }, credentials: 'same-origin' });
      return;
    }
    sessionStorage.setItem(this.storageKey, token);
    try {
      await this.get('/config');
    } catch (error) {
      sessionStorage.removeItem(this.storageKey);
      throw error;
    }
  }

  async signOut(): Promise<void> {
    if (this.sameOrigin) await call(this.origin, '/admin/session/logout', { method: 'POST', credentials: 'same-origin' });
    else sessionStorage.removeItem(this.storageKey);
  }

  /**
   * A page of one of the owner's lists, and the path of the next page (from the answer's
   * `Link: <…>; rel="next"`, relative to /admin like `path`) when more rows follow.
   */
  async page<T>(path: string): Promise<{ items: T[]; next?: string }> {
    const response = await this.fetch(path);
    const items = (await response.json()) as T[];
    const link = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    const next = link && new URL(link, this.base).pathname.replace(/^.*\/admin(?=\/)/, '') + new URL(link, this.base).search;
    return next ? { items, next } : { items };
  }

  private async fetch(path: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(this.base + '/admin' + path, this.init());
    } catch {
      throw new ApiError(0, 'network', 'We could not reach the server. Check your connection and try again.');
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      throw new ApiError(response.status, body.error?.code ?? 'http_' + response.status, body.error?.message ?? 'The request failed.');
    }
    return response;
  }

  /** A file from the owner's API (an export), as a Blob. */
  async download(path: string): Promise<Blob> {
    return (await this.fetch(path)).blob();
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong. Please try again.';
}
