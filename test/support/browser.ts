/** Helpers for widget tests: a real server per test file, and the owner's API. */
import { executeServerCommand } from '@web/test-runner-commands';

export interface TestServer {
  url: string;
  adminToken: string;
}

/**
 * Fails with `what` once `ms` have passed: a hook that hangs then says which step hung, where mocha's
 * own timeout (20 s) would only say that some hook did (the runner names no hook).
 */
function within<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export async function startTestServer(
  config: Record<string, unknown> = {},
  options: { port?: number; notify?: Record<string, number> } = {},
): Promise<TestServer> {
  return within(
    executeServerCommand<TestServer, { config: Record<string, unknown>; port?: number; notify?: Record<string, number> }>(
      'frontdesk-server',
      {
        config,
        ...options,
      },
    ),
    'starting the test server',
  );
}

/** A webhook receiver answering `status` (a new one, or the one at `url` from now on); its URL. */
export async function hookReceiver(status: number, url?: string): Promise<string> {
  return (
    await executeServerCommand<{ url: string }, { status: number; url?: string }>('frontdesk-hook-receiver', {
      status,
      ...(url ? { url } : {}),
    })
  ).url;
}

/** The page's time zone, as a visitor's elsewhere (an IANA name), or the machine's again with `null`. */
export async function emulateTimeZone(zone: string | null): Promise<void> {
  await executeServerCommand('frontdesk-time-zone', { zone });
}

export async function stopTestServer(server: TestServer): Promise<void> {
  await within(executeServerCommand('frontdesk-server-stop', { url: server.url }), `stopping the test server at ${server.url}`);
}

/** Holds the server's store locked (as another process would): its writes answer 503 after the busy timeout (5 s). */
export async function lockStore(server: TestServer): Promise<void> {
  await executeServerCommand('frontdesk-server-lock-store', { url: server.url });
}

export async function unlockStore(server: TestServer): Promise<void> {
  await executeServerCommand('frontdesk-server-unlock-store', { url: server.url });
}

/** Calls the server as the site owner. */
export async function asOwner<T = unknown>(server: TestServer, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/v1/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.adminToken}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Waits until `check` returns a truthy value (polling every animation frame), or fails. */
export async function until<T>(check: () => T | undefined | null | false, timeout = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  }
}

/**
 * Collects console.error and console.warn during each test (the real ones are restored after it):
 * a widget in a stranger's page must not make noise. Assert on the returned getter in an afterEach.
 */
export function consoleNoise(): () => unknown[][] {
  let noise: unknown[][] = [];
  const original = { error: console.error, warn: console.warn };
  beforeEach(() => {
    noise = [];
    console.error = (...args: unknown[]) => noise.push(args);
    console.warn = (...args: unknown[]) => noise.push(args);
  });
  afterEach(() => {
    Object.assign(console, original);
  });
  return () => noise;
}

/** A short name for an element in a failure message: `button "Read more"`. */
const named = (element: Element | null | undefined): string =>
  element ? `${element.localName}${element.textContent?.trim() ? ` "${element.textContent.trim().slice(0, 40)}"` : ''}` : 'nothing';

/**
 * Fails unless focus is on `expected`. Compares identity and names both in the message: a failed
 * `expect(element).to.equal(element)` is serialized whole by the test runner and took the browser
 * down with it (a disconnect, not a failure).
 */
export function expectFocusOn(actual: Element | null | undefined, expected: Element | null | undefined): void {
  if (actual !== expected) throw new Error(`Focus is on ${named(actual)}, not on ${named(expected)}.`);
}
