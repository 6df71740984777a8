import { html, nothing, type TemplateResult } from 'lit-html';
import type { Answers, Availability, Booking, Service, Slot, StaffMember } from '../../shared/api.js';
import { booking as english } from '../../shared/i18n/en-booking.js';
import { common } from '../../shared/i18n/en-common.js';
import { formatDuration } from '../../shared/i18n/duration.js';
import { zoneName } from '../../shared/i18n/time-words.js';
import { ApiError, apiBase, call, newKey } from '../base/api.js';
import { FrontdeskElement } from '../base/element.js';
import { field, focusFirstError, honeypot } from '../base/form.js';
import { addEnglish } from '../base/i18n.js';
import { formatDate } from '../base/locale.js';
import { formStyles } from '../base/form-styles.js';
import { base } from '../base/styles.js';
import { loadSchemas, prefetchSchemas } from '../base/validation.js';
import { DraftController } from '../controllers/draft.js';
import { LatestRequestController } from '../controllers/latest.js';
import { RovingFocusController } from '../controllers/roving.js';
import { styles } from './booking.styles.js';
import { addDays, dayOf, visitorZone, ymd } from './slots.js';

addEnglish({ ...common, ...english });

type Step = 'service' | 'person' | 'day' | 'time' | 'details' | 'done';

/** A request on its way: its body and key are kept until answered, so a retry never books twice. */
interface Pending {
  key: string;
  data: string;
  body: Record<string, unknown>;
}

/** A booking's time as the details step and the confirmation show it: in the visitor's zone, named, as the manage page does. */
const WHEN: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'long',
};
/** The one-line fields: their autocomplete tokens (also their input types, but for `name`). */
const AUTOCOMPLETE: Record<string, string> = { name: 'name', email: 'email', phone: 'tel' };
const LABELS = { name: 'form.name', email: 'form.email', phone: 'form.phone', notes: 'booking.notes', message: 'booking.message' } as const;

/**
 * Booking an appointment, step by step: service → person (when several give it: "Anyone available"
 * or one of them) → day → time → details (with the service's questions) → confirmation;
 * or, with `mode="contact"`, a message with no time slot. Times are shown in the visitor's
 * time zone. What the visitor typed survives a failure and a reload; a retry reuses its
 * Idempotency-Key, so it never books twice.
 *
 * @tag frontdesk-booking
 * @attr {'booking' | 'contact'} mode - `booking` (the default) books a time; `contact` sends a message with no time slot
 * @attr {string} service - a service id to preselect: its step is skipped
 * @fires {CustomEvent<Booking>} frontdesk-booking-created - a booking was saved; `detail` is the booking
 *   (`id`, `status`, `service`, `start`, `end`, `token`) with what the visitor sent (`name`, `email`, `phone`, `notes`, `timezone`)
 * @fires {CustomEvent<Booking>} frontdesk-booking-rescheduled - "Pick another time" moved the saved booking; `detail` is the booking
 *   as saved (the same `id` and `token`, the new `start`, `end` and, with staff, `staff`)
 * @fires {CustomEvent<{id: string, name: string, email: string, phone?: string, message: string}>} frontdesk-message-sent -
 *   contact mode: a message was saved; `detail` is its `id` with what the visitor sent
 * @fires {CustomEvent<{code: string, message: string, status: number}>} frontdesk-error - loading or sending failed; `detail` is the error's
 *   `code`, the `message` the visitor was shown and the HTTP `status` (0 when the server did not answer)
 * @csspart root - the box around every step
 * @csspart heading - each step's heading
 * @csspart alert - errors and notices
 * @csspart option - a service, person, day or time button
 * @csspart button - the other buttons and links (Back, Later dates, Book, Add to calendar…)
 * @csspart field - a label, its input and its error
 * @csspart input - a text input, textarea or list (a question's too)
 */
export class FrontdeskBooking extends FrontdeskElement {
  static override styles = [base, formStyles, styles];
  // Plain `static properties` rather than decorators: each decorator call costs bytes in the kit.
  static override properties = {
    mode: {},
    service: {},
    step: { state: true },
    services: { state: true },
    staff: { state: true },
    slots: { state: true },
    values: { state: true },
    errors: { state: true },
    alert: { state: true },
    retryAction: { state: true },
    saved: { state: true },
  };
  mode: 'booking' | 'contact' = 'booking';
  declare service?: string;

  // Saved across a reload by the draft (their names are the storage's keys).
  private step: Step = 'service';
  private chosenService = '';
  private day = '';
  private start = '';
  private values: Record<string, string> = {};
  /** The staff member chosen ('' for anyone available) and the answers to the service's questions. */
  private person = '';
  private answers: Answers = {};
  private pending?: Pending | undefined;
  /**
   * When the visitor was first shown this booking form (its first step), for `elapsedMs`, the
   * contract's time trap. Not when the details step appeared: a person who picked a service, a day
   * and a time, then filled the details with the browser's autofill, can press Book within two
   * seconds of that step, and would be answered "confirmed" with nothing stored.
   */
  private shownAt = 0;

  private services?: Service[];
  private staff?: StaffMember[];
  private slots?: Slot[] | undefined;
  private errors: Record<string, string> = {};
  private alert = '';
  private retryAction?: (() => unknown) | undefined;
  private saved?: Booking;

  #clinicZone = '';
  /**
   * The server reads these as the clinic's dates. A visitor east of the clinic can be a day ahead of it (or two,
   * across the date line): asked from the visitor's today, the clinic's times left today were never offered.
   * The server leaves out what has passed; the days shown are the visitor's own.
   */
  #from = addDays(ymd(new Date()), -2);
  #to = addDays(this.#from, 15);
  #preselected = false;
  /** Days after `#to` can still be booked (the server says, from the clinic's booking window). */
  #later = false;
  #sending = false;
  /** "Pick another time" after booking: the day and time steps move the saved booking. */
  #moving = false;
  /** The saved booking can no longer move (the server said why): "Pick another time" is not offered again. */
  #fixed = false;
  #moved = false;
  #focusHeading = false;
  readonly #servicesRequest = new LatestRequestController(this);
  readonly #staffRequest = new LatestRequestController(this);
  /** The questions' fields (questions.ts), loaded when a details step with questions is reached. */
  #questions?: typeof import('./questions.js');
  readonly #timesRequest = new LatestRequestController(this);
  readonly #roving = new RovingFocusController(this, () => this.l10n.dir == 'rtl');
  readonly #draft = new DraftController(
    this,
    // One draft per kind of widget: a page's `service="cupping"` widget never opens on another's choice.
    () => `frontdesk-booking:${this.mode}:${this.#api}:${this.service ?? ''}`,
    {
      step: 'string',
      chosenService: 'string',
      person: 'string',
      day: 'string',
      start: 'string',
      values: 'object',
      answers: 'object',
      pending: 'object',
      shownAt: 'number',
    },
    () => this.step !== 'done' && !this.#moving,
  );

  /** The server's API base URL (api.ts). */
  get #api(): string {
    return apiBase(this.api);
  }

  private get contact() {
    return this.mode === 'contact';
  }

  override firstUpdated() {
    this.#draft.restore();
    this.shownAt ||= Date.now();
    if (!this.contact) return void this.loadServices();
    this.show('details');
    // The form is the first thing shown: no focus move (the page keeps its own).
    this.#focusHeading = false;
  }

  override updated() {
    // The form is on screen (shown now, or restored by the draft): its validation starts loading.
    if (this.step === 'details') {
      prefetchSchemas();
      this.loadQuestions().catch(() => {});
    }
    if (this.#focusHeading) {
      this.#focusHeading = false;
      this.renderRoot.querySelector('h2')!.focus();
    }
  }

  private async loadServices() {
    const retry = () => this.loadServices();
    const [list, staff] = await Promise.all([
      this.fetchJson<Service[]>(this.#servicesRequest, '/services', retry),
      this.fetchJson<StaffMember[]>(this.#staffRequest, '/staff', retry),
    ]);
    if (!list || !staff) return;
    this.services = list;
    this.staff = staff;
    const preselected = list.find((s) => s.id === this.service) ?? (list.length === 1 ? list[0] : undefined);
    this.#preselected = !!preselected;
    this.chosenService ||= preselected?.id ?? '';
    if (this.chosenService) {
      if (this.step === 'service') this.step = this.people.length > 1 ? 'person' : 'day';
      this.loadTimes();
    }
  }

  /** Who gives the chosen service: the person step is shown when there are several. */
  private get people(): StaffMember[] {
    return this.staff?.filter((m) => m.services.includes(this.chosenService)) ?? [];
  }

  private get questions() {
    return this.services?.find((s) => s.id === this.chosenService)?.questions ?? [];
  }

  /** The questions' fields, once per page, when the chosen service has questions. */
  private async loadQuestions(): Promise<void> {
    if (this.#questions || !this.questions.length) return;
    this.#questions = await import('./questions.js');
    this.requestUpdate();
  }

  /**
   * Every free time from today to `to`, `days` further (14 for "Later dates"; further on its own while
   * none are free). Always the whole range, so a refetch drops what was taken meanwhile.
   * As far as the clinic's booking window goes (the answer's `later`). A request for another service (or
   * range) replaces one in flight: a late answer never shows the times of a service left behind.
   */
  private async loadTimes(days = 0, pressed?: boolean): Promise<void> {
    const to = addDays(this.#to, days);
    const who = this.person ? `&staff=${encodeURIComponent(this.person)}` : '';
    // Moving the booking just made: its own times too (half an hour later overlaps the booking itself).
    const base = this.#moving ? this.#own('/availability') : `/availability?service=${encodeURIComponent(this.chosenService)}`;
    const query = `${base}&from=${this.#from}&to=${to}${who}`;
    const answer = await this.fetchJson<Availability>(this.#timesRequest, query, () => this.loadTimes(days));
    if (!answer) {
      // A booking that can no longer move (cancelled by the clinic, too near): back to it, with the reason, and no more moving.
      // Only on this request's own refusal (null): not when a newer request replaced it, nor when trying again may help.
      if (this.#moving && answer === null && !this.retryAction) {
        const reason = this.alert;
        this.#fixed = true;
        // Cancelled by the clinic meanwhile: the confirmation then says so, and offers no calendar file.
        const now = await call<Booking>(this.#api, this.#own(), { language: this.l10n.locale }).catch(() => undefined);
        if (now) this.saved = { ...this.saved!, status: now.status };
        this.show('done');
        this.alert = reason;
      }
      return;
    }
    this.#to = to;
    // The last "Later dates" press took its button away: the keyboard goes to the step's heading, not the page's start.
    // (Not when the range grew by itself, past days with no free time: nobody pressed anything.)
    if (pressed && !answer.later) this.#focusHeading = true;
    this.#later = answer.later;
    this.#clinicZone = answer.timezone;
    this.slots = answer.slots;
    if (!answer.slots.length && this.#later) return this.loadTimes(14);
  }

  /** The saved booking's own address in the API: `/bookings/ID<rest>?token=…`. */
  #own(rest = '') {
    const saved = this.saved!;
    return `/bookings/${encodeURIComponent(saved.id)}${rest}?token=${encodeURIComponent(saved.token)}`;
  }

  /**
   * GETs `path` as the latest request of `request`: its answer, undefined when a newer request replaced it, or null
   * when it failed, said (with `retry` behind Retry when it may help).
   */
  private async fetchJson<T>(request: LatestRequestController, path: string, retry: () => unknown): Promise<T | null | undefined> {
    try {
      return await request.run((signal) => call<T>(this.#api, path, { signal, language: this.l10n.locale }));
    } catch (error) {
      this.report(error as ApiError, retry);
      return null;
    }
  }

  /** Shows a failed call's message (with Retry when trying again may help) and reports it to the page. */
  private report(error: ApiError, retry: () => unknown) {
    this.alert = this.fail(error);
    this.retryAction = !error.status || error.status >= 500 ? retry : undefined;
  }

  private retry() {
    const action = this.retryAction!;
    this.show(this.step);
    action();
  }

  private show(step: Step) {
    // The person step only when several give the service.
    this.step = step === 'person' && this.people.length < 2 ? 'day' : step;
    this.alert = '';
    this.retryAction = undefined;
    this.#focusHeading = true;
    if (step == 'done') this.#moving = false;
  }

  private submit(event: Event) {
    event.preventDefault();
    void this.check();
  }

  /** Checks the form with the shared schemas (waiting for them if they are still on their way), then sends it. */
  private async check(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    const { name, email, phone, notes, message, website } = this.values;
    const locale = this.l10n.locale;
    const data = this.contact
      ? { name, email, phone, message }
      : {
          service: this.chosenService,
          start: this.start,
          name,
          email,
          phone,
          notes,
          timezone: visitorZone(),
          locale,
          staff: this.person,
          answers: this.answers,
        };
    let schemas;
    try {
      [schemas] = await Promise.all([loadSchemas(), this.loadQuestions()]);
    } catch {
      this.#sending = false;
      return this.report(new ApiError(0, 'network', ''), () => this.check());
    }
    const checked = schemas.validate(this.contact ? schemas.messageInput : schemas.bookingInput, data);
    const answered = this.contact ? { ok: true as const } : schemas.checkAnswers(this.questions, this.answers);
    if (!checked.ok || !answered.ok) {
      this.#sending = false;
      return this.invalid({ ...(checked.ok ? {} : checked.fields), ...(answered.ok ? {} : answered.fields) });
    }
    this.errors = {};
    const same = JSON.stringify(data);
    if (this.pending?.data !== same) {
      this.pending = { key: newKey(), data: same, body: { ...checked.data, website, elapsedMs: Date.now() - this.shownAt } };
    }
    return this.send();
  }

  /** Shows each field's error (our own checks' references, or the server's text) and focuses the first. */
  private async invalid(fields: Record<string, string>) {
    this.errors = Object.fromEntries(Object.entries(fields).map(([name, message]) => [name, this.l10n.text(message)]));
    this.alert = this.t('error.validation_failed');
    this.retryAction = undefined;
    await this.updateComplete;
    focusFirstError(this.renderRoot);
  }

  private async send() {
    const pending = this.pending!;
    const contact = this.contact;
    this.#sending = true;
    this.alert = '';
    this.retryAction = undefined;
    try {
      const saved = await call<Booking>(this.#api, contact ? '/messages' : '/bookings', {
        method: 'POST',
        json: pending.body,
        idempotencyKey: pending.key,
        language: this.l10n.locale,
      });
      const { website: _website, elapsedMs: _elapsed, ...sent } = pending.body;
      this.pending = undefined;
      // The answer leaves out what the visitor sent (the email among it): the confirmation shows it.
      this.saved = { ...sent, ...saved };
      this.show('done');
      if (contact) this.emit('frontdesk-message-sent', { ...(sent as { name: string; email: string; message: string }), ...saved });
      else this.emit('frontdesk-booking-created', this.saved);
    } catch (failure) {
      const error = failure as ApiError;
      if (error.status >= 400 && error.status < 500 && error.status !== 429) this.pending = undefined;
      this.report(error, () => this.send());
      // Taken meanwhile, or no longer offered (a stale session): back to the times, refreshed.
      const gone = error.code === 'slot_taken' ? this.t('booking.slotTaken') : error.fields?.start;
      if (gone) {
        this.show('time');
        this.alert = gone;
        this.slots = this.slots?.filter((s) => s.start !== this.start);
        this.loadTimes();
      } else if (error.fields && Object.keys(error.fields).length) this.invalid(error.fields);
    } finally {
      this.#sending = false;
    }
  }

  /**
   * Back to the person (when several give the service) and the days, to move the booking just made
   * (the service stays). The times are those of the person chosen, or anyone's; the move asks for
   * that person, or (anyone) keeps the booking's own when free then, as the server does.
   */
  private pickAnother() {
    this.#moving = true;
    this.slots = undefined;
    this.show('person');
    this.loadTimes();
  }

  /** Moves the saved booking to the chosen time: the same booking (id and token) at its new time. */
  private async move() {
    if (this.#sending) return;
    this.#sending = true;
    const saved = this.saved!;
    try {
      this.saved = {
        ...saved,
        ...(await call<Booking>(this.#api, this.#own('/reschedule'), {
          method: 'POST',
          json: { start: this.start, staff: this.person },
          language: this.l10n.locale,
        })),
      };
      this.#moved = true;
      this.show('done');
      this.emit('frontdesk-booking-rescheduled', this.saved);
    } catch (failure) {
      const error = failure as ApiError;
      this.report(error, () => this.move());
      const gone = error.code == 'slot_taken' ? this.t('booking.slotTaken') : error.fields?.start;
      if (gone) {
        this.alert = gone;
        this.slots = this.slots?.filter((s) => s.start !== this.start);
        this.loadTimes();
      }
    } finally {
      this.#sending = false;
    }
  }

  private date(iso: string, options: Intl.DateTimeFormatOptions) {
    return formatDate(iso, this.l10n.locale, options);
  }

  /**
   * A group of option buttons (each `[value, label]`; `choice` names the property holding the chosen
   * value, and picking one goes on to `next`), placeholders while loading.
   */
  private options(
    items: [string, unknown][] | undefined,
    choice: 'chosenService' | 'person' | 'day' | 'start',
    next: Step,
    layout = 'list',
  ) {
    if (!items)
      return html`<div class=${layout}><span class="sr-only">${this.t('common.loading')}</span><div class="ph"></div><div class="ph"></div><div class="ph"></div></div>`;
    if (!items.length) return html`<p>${this.t('booking.noTimes')}</p>`;
    const focusable = Math.max(
      0,
      items.findIndex(([value]) => value === this[choice]),
    );
    return html`<div class=${layout} role="group" aria-labelledby="h" @keydown=${this.#roving.onKeydown}>${items.map(
      ([value, label], i) =>
        html`<button type="button" class="opt" part="option" tabindex=${i === focusable ? 0 : -1} aria-pressed=${value === this[choice]} @click=${() => {
          const changed = value !== this[choice];
          this[choice] = value;
          if (this.#moving && choice == 'start') return void this.move();
          if (choice === 'chosenService' && changed) this.person = '';
          this.show(next);
          if ((choice === 'chosenService' || choice === 'person') && (changed || !this.slots)) {
            this.slots = undefined;
            this.loadTimes();
          }
        }}>${label}</button>`,
    )}</div>`;
  }

  private button(text: string, click: () => unknown) {
    return html`<button type="button" class="btn secondary" part="button" @click=${click}>${text}</button>`;
  }

  /** A text field, its label, type and autocomplete from its name. */
  private input(name: keyof typeof LABELS) {
    const autocomplete = AUTOCOMPLETE[name];
    return field({
      id: 'f-' + name,
      name,
      label: this.t(LABELS[name]),
      optionalLabel: this.t('form.optional'),
      value: this.values[name] ?? '',
      error: this.errors[name],
      required: name != 'phone' && name != 'notes',
      type: autocomplete == 'name' ? 'text' : autocomplete,
      multiline: !autocomplete,
      autocomplete,
      onInput: this.setter(name),
    });
  }

  private setter(name: string) {
    return (value: string) => (this.values = { ...this.values, [name]: value });
  }

  /** The step's heading and body. */
  private view(): [string, unknown] {
    const service = this.services?.find((s) => s.id === this.chosenService);
    const contact = this.contact;
    const back = (to: Step) => this.button(this.t('booking.back'), () => this.show(to));
    switch (this.step) {
      case 'service':
        return [
          this.t('booking.chooseService'),
          this.options(
            this.services?.map((s) => [
              s.id,
              html`<b><bdi>${s.name}</bdi></b> <span class="muted">${formatDuration(this.l10n.locale, s.durationMinutes)}${s.price ? html` · <bdi>${s.price}</bdi>` : ''}</span>`,
            ]),
            'chosenService',
            'person',
            'list wide',
          ),
        ];
      case 'person':
        return [
          this.t('booking.choosePerson'),
          html`${this.options(
            [['', this.t('booking.anyone')], ...this.people.map((m): [string, unknown] => [m.id, html`<bdi>${m.name}</bdi>`])],
            'person',
            'day',
            'list wide',
          )}
            <div class="row">${this.#moving ? back('done') : this.#preselected ? nothing : back('service')}</div>`,
        ];
      case 'day':
        return [
          this.t('booking.chooseDay'),
          html`${this.options(
            this.slots &&
              // The visitor's days, up to the last one loaded whole: the range's last (clinic) day ends before
              // a visitor's day west of the clinic does, and a visitor east of it is into the next day already.
              [...new Set(this.slots.map((s) => dayOf(s.start)))]
                .filter((d) => !this.#later || d < this.#to)
                .map((d) => [d, this.date(d, { weekday: 'short', month: 'short', day: 'numeric' })]),
            'day',
            'time',
          )}
            <div class="row">
              ${this.slots && this.#later ? this.button(this.t('booking.laterDates'), () => this.loadTimes(14, true)) : nothing}
              ${this.people.length > 1 ? back('person') : this.#moving ? back('done') : this.#preselected ? nothing : back('service')}
            </div>`,
        ];
      case 'time': {
        const zone = visitorZone();
        const name = (z: string) => zoneName(this.l10n.locale, z, Date.parse(this.day + 'T12:00'));
        return [
          this.t('booking.chooseTime'),
          html`<p class="muted">
              ${this.date(this.day, { dateStyle: 'full' })}
              ${
                this.#clinicZone && this.#clinicZone !== zone
                  ? html`<br />${this.t('booking.zoneNote', { zone: name(zone), clinicZone: name(this.#clinicZone) })}`
                  : nothing
              }
            </p>
            ${this.options(
              this.slots?.filter((s) => dayOf(s.start) === this.day).map((s) => [s.start, this.date(s.start, { timeStyle: 'short' })]),
              'start',
              'details',
            )}
            <div class="row">${back('day')}</div>`,
        ];
      }
      case 'details':
        return [
          this.t(contact ? 'booking.contactTitle' : 'booking.details'),
          html`${
            service &&
            html`<p class="muted">${this.summary(service.name, this.people.find((m) => m.id === this.person)?.name, this.start)}</p>`
          }
            <form novalidate @submit=${this.submit} @focusin=${prefetchSchemas}>
              ${(['name', 'email', 'phone', contact ? 'message' : 'notes'] as const).map((name) => this.input(name))}
              ${
                !contact && this.#questions
                  ? this.#questions.questionFields(this.questions, {
                      values: this.answers,
                      errors: this.errors,
                      optional: this.t('form.optional'),
                      choose: this.t('booking.selectOne'),
                      onInput: (id, value) => (this.answers = { ...this.answers, [id]: value }),
                    })
                  : nothing
              }
              ${honeypot('f-website', this.t('form.honeypot'), this.values.website ?? '', this.setter('website'))}
              <div class="row">
                <button class="btn" part="button">${this.t(contact ? 'booking.send' : 'booking.book')}</button> ${contact ? nothing : back('time')}
              </div>
            </form>`,
        ];
    }
    const saved = this.saved!;
    // Last, the address the answer, the emails and the cancel link go to: a typo shows while it can be mended (Cal.com's "Who").
    // Labelled with the form's own word for it; French sets its colon off with a no-break space.
    const email = saved.email
      ? html`<br />${this.t('form.email')}${this.l10n.language == 'fr' ? '\u00a0: ' : ': '}<bdi>${saved.email}</bdi>`
      : nothing;
    if (contact)
      return [
        this.t('booking.sentTitle'),
        // Back to the form for another message: who they are stays, the message sent goes.
        html`<p>${this.t('booking.sentText')}${email}</p>
          ${this.button(this.t('booking.back'), () => {
            this.values = { ...this.values, message: '' };
            this.show('details');
          })}`,
      ];
    const cancelled = saved.status == 'cancelled';
    return [
      this.t(cancelled ? 'booking.cancelled' : this.#moved ? 'booking.moved' : 'booking.confirmed'),
      html`<p>
          ${
            saved.staff
              ? this.summary(service?.name, saved.staff.name, saved.start)
              : html`<bdi>${service?.name}</bdi><br />${this.date(saved.start, WHEN)}`
          }
          ${email}
        </p>
        <p class="row">
          ${cancelled ? nothing : html`<a class="btn" part="button" href=${this.#api + this.#own('/calendar.ics')}>${this.t('booking.addToCalendar')}</a>`}
          <a class="btn secondary" part="button" href=${`${new URL(this.#api).origin}/booking/${saved.id}?token=${encodeURIComponent(saved.token)}`}>${this.t('booking.manage')}</a>
          ${this.#fixed ? nothing : this.button(this.t('booking.reschedule'), () => this.pickAnother())}
        </p>`,
    ];
  }

  /** "Service, when" or "Service with person, when". */
  private summary(service: string | undefined, person: string | undefined, start: string) {
    const when = { when: this.date(start, WHEN) };
    const names = { service: html`<bdi>${service}</bdi>`, person: html`<bdi>${person}</bdi>` };
    return this.l10n.parts(person ? 'booking.summaryWith' : 'booking.summary', names, when);
  }

  override render(): TemplateResult {
    const [title, body] = this.view();
    return html`<div class="root" part="root" lang=${this.l10n.locale} dir=${this.l10n.dir}>
      <h2 id="h" tabindex="-1" part="heading">${title}</h2>
      <div role="alert" part="alert" class=${this.alert ? 'alert' : ''}>
        ${this.alert} ${this.retryAction ? html`<button type="button" class="link" @click=${this.retry}>${this.t('common.retry')}</button>` : nothing}
      </div>
      ${body}
    </div>`;
  }
}
