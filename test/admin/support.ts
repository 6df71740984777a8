/** Helpers for the admin page's tests: seed through the public API, reach into nested shadow roots. */
import { fixture, html } from '@open-wc/testing';
import type { TestServer } from '../support/browser.js';
import { until } from '../support/browser.js';
import { SECTIONS } from '../../src/admin/admin.js';
import '../../src/admin/index.js';

export async function post<T = { id: string }>(server: TestServer, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Books the first free slot of the demo clinic's first service; with `laterDay`, the first of a later
 * day that keeps free times once it is booked (the first day may have room for one booking only, and
 * a Saturday's three hours hold one 90-minute visit), whatever today's date and hour.
 */
export async function book(server: TestServer, name: string, email: string, laterDay = false) {
  const res = await fetch(`${server.url}/api/v1/availability?service=initial`);
  let { slots } = (await res.json()) as { slots: { start: string }[] };
  if (laterDay) {
    // A day after the first that still has free times once its first is booked (a 90-minute visit
    // and its buffer fill a Saturday's three hours): which days those are depends on today's date.
    const day = (s: { start: string }) => s.start.slice(0, 10);
    const minutes = (s: { start: string }) => Date.parse(s.start) / 60_000;
    const open = slots.find((s) => day(s) !== day(slots[0]!) && slots.some((t) => day(t) === day(s) && minutes(t) - minutes(s) >= 120));
    slots = slots.filter((s) => open && day(s) === day(open));
  }
  for (const slot of slots) {
    try {
      return await post<{ id: string; token: string; start: string }>(server, '/bookings', {
        service: 'initial',
        start: slot.start,
        name,
        email,
      });
    } catch {
      /* taken: try the next one */
    }
  }
  throw new Error('no free slot');
}

/** Every element matching `selector`, in the element's shadow root and every shadow root below it. */
export function deepAll<T extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): T[] {
  const found: T[] = [];
  const visit = (node: Element | ShadowRoot | Document) => {
    found.push(...Array.from(node.querySelectorAll<T>(selector)));
    for (const el of Array.from(node.querySelectorAll('*'))) if (el.shadowRoot) visit(el.shadowRoot);
    if (node instanceof Element && node.shadowRoot) visit(node.shadowRoot);
  };
  visit(root);
  return [...new Set(found)];
}

export function deep<T extends Element = HTMLElement>(root: Element, selector: string): T | undefined {
  return deepAll<T>(root, selector)[0];
}

/**
 * Opens a section from the navigation (its button labelled `label`) and waits until that section
 * has replaced the one shown and loaded its list. A button looked for after this is that
 * section's: looked for at once after the click, "Approve …" could be the inbox's own button,
 * still on screen for a moment, whose section is gone by the time its action is announced.
 */
export async function openSection(el: HTMLElement, label: (typeof SECTIONS)[number][1]): Promise<HTMLElement> {
  const tag = SECTIONS.find(([, name]) => name === label)![2];
  (await button(el, label)).click();
  return until(
    () => deepAll<HTMLElement & { loading?: boolean }>(el, `main > ${tag}`).find((section) => section.loading === false),
    5000,
    `the ${label} section, loaded`,
  );
}

/** Waits for a button whose accessible label (aria-label, else text) is `label`. */
export function button(root: Element, label: string, timeout = 5000): Promise<HTMLButtonElement> {
  return until(
    () => deepAll<HTMLButtonElement>(root, 'button').find((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === label),
    timeout,
    `button "${label}"`,
  );
}

/** Every text the page shows, across shadow roots. */
export function shownText(root: Element): string {
  return deepAll(root, '*')
    .flatMap((el) =>
      Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent),
    )
    .join(' ');
}

export function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** A fresh admin page at /admin with no section in its address: it opens on the inbox. */
export async function mountAdmin(server: TestServer): Promise<HTMLElement> {
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
  return fixture<HTMLElement>(html`<frontdesk-admin api=${server.url}></frontdesk-admin>`);
}

export async function signIn(el: HTMLElement, token: string): Promise<void> {
  const input = await until(() => deep<HTMLInputElement>(el, '#token'), 5000, 'token field');
  type(input, token);
  (await button(el, 'Sign in')).click();
}
