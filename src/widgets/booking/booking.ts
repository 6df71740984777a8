import { html, nothing, type TemplateResult } from 'lit';
import type { Availability, Booking, Service, Slot } from '../../shared/api.js';
import { VALIDATION_MESSAGE } from '../../shared/errors.js';
import { bookingInput, messageInput, validate } from '../../shared/schemas.js';
import { type ApiError, call, newKey } from '../base/api.js';
import { FrontdeskElement } from '../base/element.js';
import { field, focusFirstError, honeypot } from '../base/form.js';
import { formatDate } from '../base/locale.js';
import { base, formStyles } from '../base/styles.js';
import { styles } from './booking.styles.js';
import { addDays, dayOf, visitorZone, ymd } from './slots.js';

type Step = 'service' | 'day' | 'time' | 'details' | 'done';

/** A request on its way: its body and key are kept until answered, so a retry never books twice. */
interface Pending {
  key: string;
  data: string;
  body: Record<string, unknown>;
}

/** What survives a reload (sessionStorage), until the booking or message is saved. */
/** Autocomplete tokens of the one-line fields (also their input types, but for `name`). */
const AUTO: Record<string, string> = { name: 'name', email: 'email', phone: 'tel' };

const KEPT = ['step', 'svc', 'day', 'start', 'f', 'pending', 'shown'] as const;

/** Arrow keys (right and down: the next option), Home and End move focus inside a group of options (roving tabindex). */
function rove(e: KeyboardEvent) {
  const all = [...(e.currentTarget as HTMLElement).children] as HTMLElement[];
  const i = all.indexOf(e.target as HTMLElement);
  const k = e.key;
  const to = all[k === 'Home' ? 0 : k === 'End' ? all.length - 1 : i + { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[k]!];
  if (to) {
    e.preventDefault();
    all[i]!.tabIndex = -1;
    to.tabIndex = 0;
    to.focus();
  }
}

/**
 * Booking an appointment, step by step: service → day → time → details → confirmation;
 * or, with `mode="contact"`, a message with no time slot. Times are shown in the visitor's
 * time zone. What the visitor typed survives a failure and a reload; a retry reuses its
 * Idempotency-Key, so it never books twice.
 *
 * @tag frontdesk-booking
 * @attr {'booking' | 'contact'} mode - `booking` (the default) books a time; `contact` sends a message with no time slot
 * @attr {string} service - a service id to preselect: its step is skipped
 * @fires {CustomEvent<Booking>} frontdesk-booking-created - a booking was saved; `detail` is the booking
 *   (`id`, `status`, `service`, `start`, `end`, `token`) with what the visitor sent (`name`, `email`, `phone`, `notes`, `timezone`)
 * @fires {CustomEvent<{id: string, name: string, email: string, phone?: string, message: string}>} frontdesk-message-sent -
 *   contact mode: a message was saved; `detail` is its `id` with what the visitor sent
 * @fires {CustomEvent<{code: string, message: string}>} frontdesk-error - loading or sending failed; `detail` is the error's
 *   `code` and the `message` the visitor was shown
 * @csspart root - the box around every step
 * @csspart heading - each step's heading
 * @csspart alert - errors and notices
 * @csspart option - a service, day or time button
 * @csspart button - the other buttons and links (Back, Later dates, Book, Add to calendar…)
 * @csspart field - a label, its input and its error
 * @csspart input - a text input or textarea
 */
export class FrontdeskBooking extends FrontdeskElement {
  static override styles = [base, formStyles, styles];
  // Plain `static properties` rather than decorators: each decorator call costs bytes in the kit.
  static override properties = {
    mode: {},
    service: {},
    step: { state: true },
    services: { state: true },
    slots: { state: true },
    f: { state: true },
    errors: { state: true },
    alert: { state: true },
    retry: { state: true },
    done: { state: true },
  };
  mode: 'booking' | 'contact' = 'booking';
  declare service?: string;

  private step: Step = 'service';
  private services?: Service[];
  private slots?: Slot[] | undefined;
  private f: Record<string, string> = {};
  private errors: Record<string, string> = {};
  private alert = '';
  private retry?: (() => unknown) | undefined;
  private done?: Booking;
  private tz = '';
  private svc = '';
  private day = '';
  private start = '';
  private from = ymd(new Date());
  private to = addDays(this.from, 13);
  private skip = false;
  private busy = false;
  private moved = false;
  private pending?: Pending | undefined;
  private shown = 0;
  private sk = '';

  private get contact() {
    return this.mode === 'contact';
  }

  override firstUpdated() {
    this.sk = `frontdesk-booking:${this.mode}:${this.apiUrl}`;
    try {
      Object.assign(this, JSON.parse(sessionStorage.getItem(this.sk)!));
    } catch {
      /* nothing kept, or no storage */
    }
    if (this.contact) this.go('details'), (this.moved = false);
    else this.load();
  }

  override updated() {
    if (this.moved) {
      this.moved = false;
      this.renderRoot.querySelector('h2')!.focus();
    }
    try {
      if (this.step === 'done') sessionStorage.removeItem(this.sk);
      else if (this.sk) sessionStorage.setItem(this.sk, JSON.stringify(Object.fromEntries(KEPT.map((k) => [k, this[k]]))));
    } catch {
      /* storage full or blocked: the form still works */
    }
  }

  private async load() {
    const list = await this.get<Service[]>('/services', () => this.load());
    if (!list) return;
    this.services = list;
    const pre = list.find((s) => s.id === this.service) ?? (list.length === 1 ? list[0] : undefined);
    this.skip = !!pre;
    this.svc ||= pre?.id ?? '';
    if (this.svc) {
      if (this.step === 'service') this.step = 'day';
      this.avail();
    }
  }

  /**
   * Every free time from today to `to`, `days` further (14 for "Later dates"; further on its own while
   * none are free). Always the whole range, so a refetch drops what was taken meanwhile.
   * At most 56 days: the server answers up to 62 at a time.
   */
  private async avail(days = 0): Promise<void> {
    const to = addDays(this.to, days);
    const a = await this.get<Availability>(`/availability?service=${encodeURIComponent(this.svc)}&from=${this.from}&to=${to}`, () =>
      this.avail(days),
    );
    if (!a) return;
    this.to = to;
    this.tz = a.timezone;
    this.slots = a.slots;
    if (!a.slots.length && this.more) return this.avail(14);
  }

  private get more() {
    return this.to < addDays(this.from, 50);
  }

  private async get<T>(path: string, again: () => unknown): Promise<T | undefined> {
    try {
      return await call<T>(this.apiUrl, path);
    } catch (e) {
      this.fail(e as ApiError, again);
      return undefined;
    }
  }

  private fail(e: ApiError, again: () => unknown) {
    this.alert = e.message;
    this.retry = !e.status || e.status >= 500 ? again : undefined;
    this.emit('frontdesk-error', { code: e.code, message: e.message });
  }

  private again() {
    const retry = this.retry!;
    this.go(this.step);
    retry();
  }

  private go(step: Step) {
    this.step = step;
    this.alert = '';
    this.retry = undefined;
    this.moved = true;
    if (step === 'details') this.shown ||= Date.now();
  }

  private submit(e: Event) {
    e.preventDefault();
    if (this.busy) return;
    const { name, email, phone, notes, message, website } = this.f;
    const c = this.contact;
    const data = c ? { name, email, phone, message } : { service: this.svc, start: this.start, name, email, phone, notes, timezone: visitorZone() };
    const v = validate(c ? messageInput : bookingInput, data);
    if (!v.ok) return this.invalid(v.fields);
    this.errors = {};
    const same = JSON.stringify(data);
    if (this.pending?.data !== same) {
      this.pending = { key: newKey(), data: same, body: { ...v.data, website, elapsedMs: Date.now() - this.shown } };
    }
    this.send();
  }

  private async invalid(fields: Record<string, string>) {
    this.errors = fields;
    this.alert = VALIDATION_MESSAGE;
    this.retry = undefined;
    await this.updateComplete;
    focusFirstError(this.renderRoot);
  }

  private async send() {
    const p = this.pending!;
    const c = this.contact;
    this.busy = true;
    this.alert = '';
    this.retry = undefined;
    try {
      const saved = await call<Booking>(this.apiUrl, c ? '/messages' : '/bookings', { method: 'POST', json: p.body, idempotencyKey: p.key });
      const { website, elapsedMs, ...sent } = p.body;
      this.pending = undefined;
      this.done = saved;
      this.go('done');
      this.emit(c ? 'frontdesk-message-sent' : 'frontdesk-booking-created', { ...sent, ...saved });
    } catch (err) {
      const e = err as ApiError;
      if (e.status >= 400 && e.status < 500 && e.status !== 429) this.pending = undefined;
      this.fail(e, () => this.send());
      // Taken meanwhile, or no longer offered (a stale session): back to the times, refreshed.
      const gone = e.code === 'slot_taken' ? 'Someone just booked that time. Please choose another.' : e.fields?.start;
      if (gone) {
        this.go('time');
        this.alert = gone;
        this.slots = this.slots?.filter((s) => s.start !== this.start);
        this.avail();
      } else if (e.fields && Object.keys(e.fields).length) this.invalid(e.fields);
    } finally {
      this.busy = false;
    }
  }

  private fmt(iso: string, o: Intl.DateTimeFormatOptions) {
    return formatDate(iso, this.localeTag, o);
  }

  /**
   * A group of option buttons (each `[value, label]`; `key` holds the chosen value, and picking one
   * goes on to `next`), placeholders while loading.
   */
  private opts(items: [string, unknown][] | undefined, key: 'svc' | 'day' | 'start', next: Step, cls = 'list') {
    if (!items) return html`<div class=${cls}><span class="sr-only">Loading…</span><div class="ph"></div><div class="ph"></div><div class="ph"></div></div>`;
    if (!items.length) return html`<p>No free times in this period.</p>`;
    const at = Math.max(0, items.findIndex(([v]) => v === this[key]));
    return html`<div class=${cls} role="group" aria-labelledby="h" @keydown=${rove}>${items.map(
      ([v, label], i) =>
        html`<button type="button" class="opt" part="option" tabindex=${i === at ? 0 : -1} aria-pressed=${v === this[key]} @click=${() => {
          const fresh = v !== this[key];
          this[key] = v;
          this.go(next);
          if (key === 'svc' && (fresh || !this.slots)) {
            this.slots = undefined;
            this.avail();
          }
        }}>${label}</button>`,
    )}</div>`;
  }

  private btn(text: string, click: () => unknown) {
    return html`<button type="button" class="btn secondary" part="button" @click=${click}>${text}</button>`;
  }

  /** A text field, its label, type and autocomplete from its name. */
  private input(name: string) {
    const auto = AUTO[name];
    return field({
      id: 'f-' + name,
      name,
      label: name[0]!.toUpperCase() + name.slice(1),
      value: this.f[name] ?? '',
      error: this.errors[name],
      required: name != 'phone' && name != 'notes',
      type: auto == 'name' ? 'text' : auto,
      multiline: !auto,
      autocomplete: auto,
      onInput: this.set(name),
    });
  }

  private set(name: string) {
    return (v: string) => (this.f = { ...this.f, [name]: v });
  }

  private view(): [string, unknown] {
    const service = this.services?.find((s) => s.id === this.svc);
    const c = this.contact;
    const back = (to: Step) => this.btn('Back', () => this.go(to));
    switch (this.step) {
      case 'service':
        return [
          'Choose a service',
          this.opts(
            this.services?.map((s) => [
              s.id,
              html`<b>${s.name}</b> <span class="muted">${s.durationMinutes} min${s.price ? ' · ' + s.price : ''}</span>`,
            ]),
            'svc',
            'day',
            'list wide',
          ),
        ];
      case 'day':
        return [
          'Choose a day',
          html`${this.opts(
              this.slots && [...new Set(this.slots.map((s) => dayOf(s.start)))].map((d) => [d, this.fmt(d, { weekday: 'short', month: 'short', day: 'numeric' })]),
              'day',
              'time',
            )}
            <div class="row">
              ${this.slots && this.more ? this.btn('Later dates', () => this.avail(14)) : nothing} ${this.skip ? nothing : back('service')}
            </div>`,
        ];
      case 'time': {
        const zone = visitorZone();
        return [
          'Choose a time',
          html`<p class="muted">
              ${this.fmt(this.day, { dateStyle: 'full' })}.
              ${this.tz && this.tz !== zone ? `Times shown in your time zone (${zone}). The clinic is in ${this.tz}.` : nothing}
            </p>
            ${this.opts(
              this.slots?.filter((s) => dayOf(s.start) === this.day).map((s) => [s.start, this.fmt(s.start, { timeStyle: 'short' })]),
              'start',
              'details',
            )}
            <div class="row">${back('day')}</div>`,
        ];
      }
      case 'details':
        return [
          c ? 'Send us a message' : 'Your details',
          html`${service && html`<p class="muted">${service.name}, ${this.fmt(this.start, { dateStyle: 'full', timeStyle: 'short' })}</p>`}
            <form novalidate @submit=${this.submit}>
              ${['name', 'email', 'phone', c ? 'message' : 'notes'].map((n) => this.input(n))}
              ${honeypot('f-website', this.f.website ?? '', this.set('website'))}
              <div class="row"><button class="btn" part="button">${c ? 'Send' : 'Book'}</button> ${c ? nothing : back('time')}</div>
            </form>`,
        ];
    }
    if (c) return ['Message sent', html`<p>Thank you. We will get back to you soon.</p>`];
    const b = this.done!;
    const q = '?token=' + encodeURIComponent(b.token);
    return [
      'Booking confirmed',
      html`<p>${service?.name}<br />${this.fmt(b.start, { dateStyle: 'full', timeStyle: 'short' })}</p>
        <p class="row">
          <a class="btn" part="button" href=${`${this.apiUrl}/bookings/${b.id}/calendar.ics${q}`}>Add to calendar</a>
          <a class="btn secondary" part="button" href=${`${new URL(this.apiUrl).origin}/booking/${b.id}${q}`}>Manage or cancel</a>
        </p>`,
    ];
  }

  override render(): TemplateResult {
    const [title, body] = this.view();
    return html`<div class="root" part="root">
      <h2 id="h" tabindex="-1" part="heading">${title}</h2>
      <div role="alert" part="alert" class=${this.alert ? 'alert' : ''}>
        ${this.alert} ${this.retry ? html`<button type="button" class="link" @click=${this.again}>Retry</button>` : nothing}
      </div>
      ${body}
    </div>`;
  }
}
