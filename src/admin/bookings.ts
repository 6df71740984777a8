/**
 * The bookings: a new one for a client on the phone (with the service's intake questions, each
 * optional for the owner); the upcoming ones by day in the clinic's time
 * zone, each with Move and Cancel (a reason goes to the visitor); the past week's, to record what
 * happened (Completed, No-show), with each client's count of no-shows.
 */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { mailtoHref } from '../shared/email.js';
import { ApiError } from '../widgets/base/api.js';
import { field, focusFirstError } from '../widgets/base/form.js';
import { questionFields } from '../widgets/booking/questions.js';
import { forceBox, languageSelect, serviceSelect, staffSelect, timeField } from './booking-forms.js';
import { clinicDate, clinicInstant, clinicLocal } from './clinic-time.js';
import { AdminSection, when } from './section.js';
import type { AdminBooking } from './types.js';

const OUTCOME = { completed: 'Completed', no_show: 'No-show' } as const;

const emptyDraft = () => ({
  service: '',
  staff: '',
  start: '',
  name: '',
  email: '',
  phone: '',
  notes: '',
  locale: 'en',
  force: false,
  answers: {} as Record<string, string | boolean>,
});

/** How many cancelled bookings the section lists. */
const CANCELLED_LISTED = 50;

export class AdminBookings extends AdminSection {
  @state() private bookings: AdminBooking[] = [];
  @state() private recent: AdminBooking[] = [];
  /** Cancelled bookings whose time is still ahead (the soonest CANCELLED_LISTED), and whether there are more. */
  @state() private cancelled: { items: AdminBooking[]; more: boolean } = { items: [], more: false };
  @state() private cancelling = '';
  @state() private reason = '';
  @state() private creating = false;
  @state() private draft = emptyDraft();
  @state() private moving = '';
  @state() private moveTo = { start: '', staff: '', force: false };
  @state() private errors: Record<string, string> = {};

  private get zone() {
    return this.config.business.timezone;
  }

  protected override async load(): Promise<void> {
    const now = Date.now();
    const [upcoming, past, cancelled] = await Promise.all([
      this.firstPage<AdminBooking>('/bookings'),
      this.api.get<AdminBooking[]>(`/bookings?from=${clinicDate(this.zone, -7)}&to=${clinicDate(this.zone)}&limit=500`),
      this.api.page<AdminBooking>(`/bookings?status=cancelled&limit=${CANCELLED_LISTED}`),
    ]);
    this.bookings = upcoming;
    this.cancelled = { items: cancelled.items, more: !!cancelled.next };
    // Started ones not in the upcoming list (that one keeps a booking until it ends), latest first.
    this.recent = past
      .filter((b) => b.status !== 'cancelled' && Date.parse(b.start) <= now && !upcoming.some((u) => u.id === b.id))
      .reverse();
  }

  private days(): [string, AdminBooking[]][] {
    const days = new Map<string, AdminBooking[]>();
    const sorted = [...this.bookings].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    for (const b of sorted) {
      const day = when(b.start, this.config, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
      days.set(day, [...(days.get(day) ?? []), b]);
    }
    return [...days];
  }

  /** Runs a form's call; its field errors are shown next to the fields, the first one focused. */
  private async submit(action: () => Promise<string>): Promise<boolean> {
    let done = '';
    const ok = await this.act(async () => {
      try {
        done = await action();
      } catch (error) {
        this.errors = error instanceof ApiError ? error.fields : {};
        // A refusal the force box overrides (`fields.force`, in the API's words): said in the page's.
        if (error instanceof ApiError && error.fields.force) {
          const { force: _api, ...fields } = error.fields;
          this.errors = fields;
          throw new Error(`${fields.start ?? ''} Tick “Book outside the offered times” to do it anyway.`.trim());
        }
        throw error;
      }
    }, '');
    if (ok) {
      this.errors = {};
      this.notice = done;
      this.focusHeading();
    } else {
      await this.updateComplete;
      focusFirstError(this.renderRoot);
    }
    return ok;
  }

  private async create(event: Event) {
    event.preventDefault();
    const d = this.draft;
    const body = {
      service: d.service || this.config.services[0]?.id,
      start: clinicInstant(d.start, this.zone),
      name: d.name,
      locale: d.locale,
      ...(d.staff ? { staff: d.staff } : {}),
      ...(d.email.trim() ? { email: d.email } : {}),
      ...(d.phone.trim() ? { phone: d.phone } : {}),
      ...(d.notes.trim() ? { notes: d.notes } : {}),
      ...(d.force ? { force: true } : {}),
      ...(Object.keys(d.answers).length ? { answers: d.answers } : {}),
    };
    await this.submit(async () => {
      const made = await this.api.send<AdminBooking>('POST', '/bookings', body);
      this.creating = false;
      this.draft = emptyDraft();
      const who = made.staff ? ` with ${made.staff.name}` : '';
      return `Booked ${made.name}${who} on ${when(made.start, this.config)}.${made.warning ? ` Note: ${made.warning}` : ''}`;
    });
  }

  private async move(event: Event, b: AdminBooking) {
    event.preventDefault();
    const { start, staff, force } = this.moveTo;
    const body = { start: clinicInstant(start, this.zone), ...(staff ? { staff } : {}), ...(force ? { force: true } : {}) };
    await this.submit(async () => {
      // Nothing to move it to: said here, as the new booking's form says it (the API would ask for a start or a status).
      if (!start)
        throw new ApiError(400, 'validation_failed', 'Please correct the highlighted fields.', { start: 'Choose a date and time.' });
      const moved = await this.api.send<AdminBooking>('PATCH', `/bookings/${encodeURIComponent(b.id)}`, body);
      this.moving = '';
      const who = moved.staff ? ` with ${moved.staff.name}` : '';
      return `Moved ${b.name}'s booking to ${when(moved.start, this.config)}${who}.${moved.warning ? ` Note: ${moved.warning}` : ''}`;
    });
  }

  private async mark(b: AdminBooking, status: 'completed' | 'no_show') {
    await this.act(
      () => this.api.send('PATCH', `/bookings/${encodeURIComponent(b.id)}`, { status }),
      `Marked ${b.name}'s booking on ${when(b.start, this.config)} as ${OUTCOME[status].toLowerCase()}.`,
    );
  }

  private async cancel(b: AdminBooking) {
    const reason = this.reason.trim();
    const ok = await this.act(
      async () => {
        await this.api.send('POST', `/bookings/${encodeURIComponent(b.id)}/cancel`, reason ? { reason } : {});
        this.cancelling = '';
        this.reason = '';
      },
      `Cancelled ${b.name ? `${b.name}’s` : 'the'} booking on ${when(b.start, this.config)}.`,
    );
    if (ok) {
      this.focusHeading();
    } else {
      await this.updateComplete;
      focusFirstError(this.renderRoot);
    }
  }

  /** The intake answers, labelled by the service's questions (by id when a question is gone). */
  private answers(b: AdminBooking) {
    const given = b.answers ?? {};
    const ids = Object.keys(given);
    if (!ids.length) return nothing;
    const questions = this.config.services.find((s) => s.id === b.service)?.questions ?? [];
    const label = (id: string) => questions.find((q) => q.id === id)?.label ?? id;
    const value = (v: string | boolean) => (typeof v === 'boolean' ? (v ? 'Yes' : 'No') : v);
    return html`<dl class="answers">
      ${ids.map((id) => html`<dt>${label(id)}</dt><dd class="text">${value(given[id]!)}</dd>`)}
    </dl>`;
  }

  private async openCancel(b: AdminBooking) {
    this.cancelling = b.id;
    this.moving = '';
    this.reason = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#reason-${CSS.escape(b.id)}`)?.focus();
  }

  private async openMove(b: AdminBooking) {
    this.moving = b.id;
    this.cancelling = '';
    this.errors = {};
    // The booking's person, kept unless the owner picks another (or "Anyone available").
    this.moveTo = { start: clinicLocal(b.start, this.zone), staff: b.staff?.id ?? '', force: false };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#move-${CSS.escape(b.id)}`)?.focus();
  }

  private async openCreate() {
    this.creating = true;
    this.errors = {};
    this.draft = { ...emptyDraft(), service: this.config.services[0]?.id ?? '' };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#new-service')?.focus();
  }

  private newBookingForm() {
    const d = this.draft;
    const set = (patch: Partial<typeof d>) => (this.draft = { ...this.draft, ...patch });
    return html`<form class="panel" novalidate aria-labelledby="h-new" @submit=${this.create}>
      <h3 id="h-new">New booking</h3>
      ${serviceSelect('new-service', this.config, d.service, this.errors.service, (v) => set({ service: v, staff: '', answers: {} }))}
      ${staffSelect('new-staff', this.config, d.service, d.staff, this.errors.staff, (v) => set({ staff: v }))}
      ${timeField('new-start', d.start, this.errors.start, (v) => set({ start: v }), this.zone)}
      ${field({ id: 'new-name', name: 'name', label: 'Client name', value: d.name, error: this.errors.name, required: true, maxLength: 100, onInput: (v) => set({ name: v }) })}
      ${field({ id: 'new-phone', name: 'phone', label: 'Phone', type: 'tel', value: d.phone, error: this.errors.phone, onInput: (v) => set({ phone: v }) })}
      ${field({
        id: 'new-email',
        name: 'email',
        label: 'Email',
        type: 'email',
        value: d.email,
        error: this.errors.email,
        hint: 'With an email, the client gets the same confirmation as a visitor who books online.',
        onInput: (v) => set({ email: v }),
      })}
      ${languageSelect('new-locale', d.locale, this.errors.locale, (v) => set({ locale: v }))}
      ${this.intakeFields()}
      ${field({ id: 'new-notes', name: 'notes', label: 'Notes', value: d.notes, error: this.errors.notes, multiline: true, onInput: (v) => set({ notes: v }) })}
      ${forceBox('new-force', d.force, (v) => set({ force: v }))}
      <div class="actions">
        <button class="btn small" type="submit">Book</button>
        <button class="btn secondary small" type="button" @click=${() => (this.creating = false)}>Close</button>
      </div>
    </form>`;
  }

  /** The chosen service's intake questions, as the visitor's form asks them, each optional here (a client on the phone may not know yet). */
  private intakeFields() {
    const questions = this.config.services.find((s) => s.id === (this.draft.service || this.config.services[0]?.id))?.questions ?? [];
    if (!questions.length) return nothing;
    return questionFields(
      questions.map((q) => ({ ...q, required: false })),
      {
        values: this.draft.answers,
        errors: this.errors,
        optional: '(optional)',
        choose: 'Not asked',
        onInput: (id, value) => (this.draft = { ...this.draft, answers: { ...this.draft.answers, [id]: value } }),
      },
    );
  }

  private moveForm(b: AdminBooking) {
    const set = (patch: Partial<typeof this.moveTo>) => (this.moveTo = { ...this.moveTo, ...patch });
    return html`<form class="panel" novalidate @submit=${(e: Event) => this.move(e, b)}>
      ${timeField(`move-${b.id}`, this.moveTo.start, this.errors.start, (v) => set({ start: v }), this.zone)}
      ${staffSelect(`move-staff-${b.id}`, this.config, b.service, this.moveTo.staff, this.errors.staff, (v) => set({ staff: v }))}
      ${forceBox(`move-force-${b.id}`, this.moveTo.force, (v) => set({ force: v }))}
      <div class="actions">
        <button class="btn small" type="submit">Move booking</button>
        <button class="btn secondary small" type="button" @click=${() => (this.moving = '')}>Keep the time</button>
      </div>
    </form>`;
  }

  private cancelForm(b: AdminBooking) {
    return html`<form class="panel" novalidate @submit=${(e: Event) => (e.preventDefault(), this.cancel(b))}>
      ${field({
        id: `reason-${b.id}`,
        name: 'reason',
        // Sent with the cancellation email when there is one to send: a client booked by phone may have given no address.
        label: b.email ? 'Reason (sent to the client)' : 'Reason (kept with the booking: the client gave no email)',
        value: this.reason,
        multiline: true,
        maxLength: 1000,
        onInput: (v) => (this.reason = v),
      })}
      <div class="actions">
        <button class="btn danger small" type="submit">Confirm cancellation</button>
        <button class="btn secondary small" type="button" @click=${() => (this.cancelling = '')}>Keep booking</button>
      </div>
    </form>`;
  }

  /** Completed / No-show for a booking that has started; what was recorded, once it was, and the other one (a mis-tap undone). */
  private outcome(b: AdminBooking) {
    if (b.status === 'completed' || b.status === 'no_show') {
      const other = b.status === 'completed' ? 'no_show' : 'completed';
      return html`<p>
        <span class="badge">${OUTCOME[b.status]}</span>
        <button
          class="btn secondary small"
          type="button"
          aria-label=${`Change to ${OUTCOME[other].toLowerCase()}: ${b.name}'s booking`}
          @click=${() => this.mark(b, other)}
        >
          Change to ${OUTCOME[other].toLowerCase()}
        </button>
      </p>`;
    }
    if (b.status !== 'confirmed' || Date.parse(b.start) > Date.now()) return nothing;
    return html`<button class="btn secondary small" type="button" aria-label=${`Mark ${b.name} completed`} @click=${() => this.mark(b, 'completed')}>Completed</button>
      <button class="btn secondary small" type="button" aria-label=${`Mark ${b.name} as a no-show`} @click=${() => this.mark(b, 'no_show')}>No-show</button>`;
  }

  private item(b: AdminBooking, withDay = false) {
    const format: Intl.DateTimeFormatOptions = withDay ? { dateStyle: 'medium', timeStyle: 'short' } : { timeStyle: 'short' };
    const time = `${when(b.start, this.config, format)} – ${when(b.end, this.config, { timeStyle: 'short' })}`;
    const upcoming = b.status === 'confirmed' && Date.parse(b.start) > Date.now();
    const outcome = this.outcome(b);
    return html`<li class="card">
      <p><strong>${time}</strong> · ${b.serviceName ?? b.service}${b.staff ? html` · with ${b.staff.name}` : nothing}</p>
      <p>
        <bdi>${b.name}</bdi>${b.email ? html` · <a href=${mailtoHref(b.email)}>${b.email}</a>` : nothing}${b.phone ? html` · ${b.phone}` : nothing}
        ${b.noShows ? html` · <span class="badge">${b.noShows === 1 ? '1 no-show' : `${b.noShows} no-shows`}</span>` : nothing}
      </p>
      ${b.notes ? html`<p class="text">${b.notes}</p>` : nothing} ${this.answers(b)}
      ${
        b.status === 'cancelled'
          ? html`<p class="meta">
              Cancelled by ${b.cancelledBy === 'owner' ? 'you' : 'the client'}${b.cancelledAt ? `, ${when(b.cancelledAt, this.config)}` : ''}${
                b.cancelReason ? html`: <span class="text">${b.cancelReason}</span>` : nothing
              }
            </p>`
          : nothing
      }
      ${
        this.cancelling === b.id
          ? this.cancelForm(b)
          : this.moving === b.id
            ? this.moveForm(b)
            : html`<div class="actions">
              ${outcome}
              ${
                upcoming
                  ? html`<button class="btn secondary small" type="button" aria-label=${`Move booking for ${b.name}`} @click=${() => this.openMove(b)}>Move</button>`
                  : nothing
              }
              ${
                b.status === 'confirmed'
                  ? html`<button class="btn secondary small" type="button" aria-label=${`Cancel booking for ${b.name ?? 'visitor'}`} @click=${() => this.openCancel(b)}>
                    Cancel
                  </button>`
                  : nothing
              }
            </div>`
      }
    </li>`;
  }

  override render() {
    const days = this.days();
    return html`<section class="root" aria-labelledby="h-bookings">
      ${this.heading('h-bookings', 'Upcoming bookings')}
      ${
        this.creating
          ? this.newBookingForm()
          : html`<div class="actions"><button class="btn small" type="button" @click=${this.openCreate}>New booking</button></div>`
      }
      ${!this.loading && !days.length ? html`<p>No upcoming bookings.</p>` : nothing}
      ${days.map(([day, list]) => html`<h3>${day}</h3><ul class="cards">${list.map((b) => this.item(b))}</ul>`)}
      ${this.loadMore<AdminBooking>((more) => (this.bookings = [...this.bookings, ...more]))}
      ${
        this.cancelled.items.length
          ? html`<h3>Cancelled, for times still ahead${this.cancelled.more ? ` (the soonest ${CANCELLED_LISTED})` : ''}</h3>
            <ul class="cards">${this.cancelled.items.map((b) => this.item(b, true))}</ul>`
          : nothing
      }
      ${
        this.recent.length
          ? html`<h3>The past week</h3>
            <ul class="cards">${this.recent.map((b) => this.item(b, true))}</ul>`
          : nothing
      }
    </section>`;
  }
}
