/**
 * Following a person through pages made of custom elements (shadow roots inside shadow roots) with
 * puppeteer: find a button by what it says (its aria-label, else its text), click it, fill a field,
 * wait for a text. The page-side code is plain JavaScript in a string, installed before any of the
 * page's scripts run, so the server tests need no DOM types.
 */
import type { Page } from 'puppeteer-core';

const PAGE_HELPERS = `
window.__frontdeskTest = {
  all(host, selector) {
    const found = [];
    const visit = (root) => {
      root.querySelectorAll(selector).forEach((e) => found.push(e));
      root.querySelectorAll('*').forEach((e) => e.shadowRoot && visit(e.shadowRoot));
    };
    const el = document.querySelector(host);
    if (el && el.shadowRoot) visit(el.shadowRoot);
    return found;
  },
  label(e) {
    return (e.getAttribute('aria-label') || e.textContent || '').trim();
  },
  click(host, label) {
    const target = this.all(host, 'button, a').find((b) => this.label(b) === label && !b.disabled);
    if (target) target.click();
    return !!target;
  },
  fill(host, selector, value) {
    const input = this.all(host, selector)[0];
    if (!input) return false;
    input.focus();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    return true;
  },
  text(host) {
    return this.all(host, '*').map((e) => Array.from(e.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join(' ')).join(' ').replace(/\\s+/g, ' ');
  },
};
`;

/** Installs the helpers in every document the page loads from now on. */
export async function installShadowHelpers(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(PAGE_HELPERS);
}

const call = (name: string, ...args: unknown[]) =>
  `window.__frontdeskTest && window.__frontdeskTest.${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`;

/** Clicks the button or link inside `host` that says `label`, as soon as there is one. */
export async function click(page: Page, host: string, label: string, timeout = 15_000): Promise<void> {
  try {
    await page.waitForFunction(call('click', host, label), { timeout });
  } catch {
    throw new Error(`No button "${label}" in ${host} within ${timeout} ms. The page says: ${await shownText(page, host)}`);
  }
}

/** Fills the first field matching `selector` inside `host`, as typing would end. */
export async function fill(page: Page, host: string, selector: string, value: string): Promise<void> {
  await page.waitForFunction(call('fill', host, selector, value), { timeout: 15_000 });
}

/** Every text shown inside `host`, across its shadow roots. */
export async function shownText(page: Page, host: string): Promise<string> {
  return page.evaluate(call('text', host)) as Promise<string>;
}

/** Waits until the text inside `host` matches `pattern`. */
export async function waitForText(page: Page, host: string, pattern: RegExp, timeout = 15_000): Promise<void> {
  try {
    await page.waitForFunction(
      `new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)}).test(${call('text', host)})`,
      { timeout },
    );
  } catch {
    throw new Error(`${host} never showed ${pattern} within ${timeout} ms. It says: ${await shownText(page, host)}`);
  }
}

/** What the elements matching `selector` inside `host` say (aria-label, else text), or a property of them. */
export async function labels(page: Page, host: string, selector: string): Promise<string[]> {
  return page.evaluate(`${call('all', host, selector)}.map((e) => window.__frontdeskTest.label(e))`) as Promise<string[]>;
}

/** The value of the first field matching `selector` inside `host`, once it has one. */
export async function valueOf(page: Page, host: string, selector: string): Promise<string> {
  const expression = `(${call('all', host, selector)}[0] || {}).value`;
  await page.waitForFunction(expression, { timeout: 15_000 });
  return page.evaluate(expression) as Promise<string>;
}
