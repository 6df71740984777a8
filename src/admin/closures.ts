/**
 * Time off: whole days or part of a day when nothing can be booked. Added here (or in the config
 * file, shown read-only); bookings already inside a new closure are listed, never cancelled: the
 * owner decides what to tell those clients.
 */
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { AdminBooking, AdminClosure } from '../shared/api.js';
import { closureProblem } from '../shared/closures.js';
import { ApiError } from '../widgets/base/api.js';
import { field, focusFirstError } from '../widgets/base/form.js';
import { messageOf } from './api.js';
import { AdminSection, when } from './section.js';

type Kind = 'days' | 'hours';

export class AdminClosures extends AdminSection {
  static override styles = [
    ...AdminSection.styles,
    css`
      fieldset {
        border: 0;
        padding: 0;
      }
      legend {
        font-weight: 600;
        font-size: 15px;
        padding: 0;
        margin-bottom: 4px;
      }
      fieldset label {
        display: flex;
        align-items: center;
        gap: 8px;
        font-weight: 400;
        min-height: 44px;
      }
      input[type='radio'] {
        width: 22px;
        min-height: 22px;
        height: 22px;
      }
    `,
  ];
  @state() private closures: AdminClosure[] = [];
  @state() private kind: Kind = 'days';
  @state() private from = '';
  @state() private to = '';
  @state() private note = '';
  @state() private errors: Record<string, string> = {};
  /** The closure just added, while it has bookings inside to point out. */
  @state() private added?: AdminClosure;

  protected override async load(): Promise<void> {
    this.closures = await this.api.get<AdminClosure[]>('/closures');
  }

  private range(c: Pick<AdminClosure, 'from' | 'to' | 'start' | 'end'>): string {
    if (c.from.length === 10) {
      const day = (iso: string) => when(iso, this.config, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
      // `end` is the midnight after the last day: the last day itself is the day before it.
      const lastDay = new Date(Date.parse(c.end) - 12 * 3_600_000).toISOString();
      return c.from === c.to ? `${day(c.start)}, all day` : `${day(c.start)} to ${day(lastDay)}, all day`;
    }
    const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: this.config.business.timezone });
    return format.formatRange(new Date(c.start), new Date(c.end));
  }

  private bookingLine(b: AdminBooking) {
    return html`<li>${when(b.start, this.config)}: ${b.name}, ${b.serviceName}${b.phone ? ` (${b.phone})` : ''}</li>`;
  }

  private async add(e: Event) {
    e.preventDefault();
    // Whole days: a last day left empty closes the first day alone.
    const to = this.kind === 'days' && !this.to ? this.from : this.to;
    const problem = closureProblem(this.from, to);
    this.errors = problem ? { [problem.field]: problem.message } : {};
    if (!problem) {
      this.notice = '';
      try {
        const added = await this.api.send<AdminClosure>('POST', '/closures', {
          from: this.from,
          to,
          ...(this.note.trim() ? { note: this.note.trim() } : {}),
        });
        this.from = this.to = this.note = '';
        this.added = added.bookings.length ? added : undefined;
        const inside = added.bookings.length;
        this.notice = `Added time off: ${this.range(added)}.${inside ? ` ${inside} booking${inside === 1 ? ' is' : 's are'} already inside it, listed below.` : ''}`;
        this.error = '';
        await this.reload();
        this.focusHeading();
        return;
      } catch (error) {
        if (error instanceof ApiError && Object.keys(error.fields).length) this.errors = error.fields;
        else this.error = messageOf(error);
      }
    }
    await this.updateComplete;
    focusFirstError(this.renderRoot);
  }

  private async removeClosure(c: AdminClosure) {
    if (this.added?.id === c.id) this.added = undefined;
    await this.act(() => this.api.send('DELETE', `/closures/${encodeURIComponent(c.id)}`), `Removed the time off ${this.range(c)}.`);
    this.focusHeading();
  }

  private setKind(kind: Kind) {
    this.kind = kind;
    this.from = this.to = '';
    this.errors = {};
  }

  private item(c: AdminClosure) {
    const range = this.range(c);
    return html`<li class="card">
      <p><strong>${range}</strong>${c.note ? html` · ${c.note}` : nothing}</p>
      ${c.source === 'config' ? html`<p><span class="badge">From the config file</span></p>` : nothing}
      ${
        c.bookings.length
          ? html`<p>${c.bookings.length} booking${c.bookings.length === 1 ? '' : 's'} inside (not cancelled):</p>
            <ul>
              ${c.bookings.map((b) => this.bookingLine(b))}
            </ul>`
          : nothing
      }
      ${
        c.source === 'owner'
          ? html`<div class="actions">
            <button class="btn secondary small" type="button" aria-label=${`Remove time off ${range}`} @click=${() => this.removeClosure(c)}>Remove</button>
          </div>`
          : nothing
      }
    </li>`;
  }

  override render() {
    const days = this.kind === 'days';
    return html`<section class="root" aria-labelledby="h-closures">
      ${this.heading('h-closures', 'Time off')}
      ${
        this.added
          ? html`<div class="panel" role="group" aria-labelledby="inside-h">
            <h3 id="inside-h">Bookings inside the new time off</h3>
            <p>They are not cancelled. Contact these clients, or cancel their bookings under Bookings.</p>
            <ul>
              ${this.added.bookings.map((b) => this.bookingLine(b))}
            </ul>
          </div>`
          : nothing
      }
      <h3>Add time off</h3>
      <form novalidate @submit=${this.add}>
        <fieldset class="field">
          <legend>What to close</legend>
          <label><input type="radio" name="kind" value="days" .checked=${days} @change=${() => this.setKind('days')} /> Whole days</label>
          <label><input type="radio" name="kind" value="hours" .checked=${!days} @change=${() => this.setKind('hours')} /> Part of a day</label>
        </fieldset>
        ${field({
          id: 'closure-from',
          name: 'from',
          label: days ? 'First day' : 'From',
          type: days ? 'date' : 'datetime-local',
          value: this.from,
          error: this.errors.from,
          required: true,
          onInput: (v) => (this.from = v),
        })}
        ${field({
          id: 'closure-to',
          name: 'to',
          label: days ? 'Last day, closed too' : 'Until',
          type: days ? 'date' : 'datetime-local',
          value: this.to,
          error: this.errors.to,
          ...(days ? { hint: 'Leave it empty to close the first day alone.' } : {}),
          required: !days,
          onInput: (v) => (this.to = v),
        })}
        ${field({ id: 'closure-note', name: 'note', label: 'Note', value: this.note, error: this.errors.note, maxLength: 200, onInput: (v) => (this.note = v) })}
        <button class="btn" type="submit">Add time off</button>
      </form>
      <h3>Upcoming time off</h3>
      ${!this.loading && !this.closures.length ? html`<p>No time off planned.</p>` : nothing}
      <ul class="cards">${this.closures.map((c) => this.item(c))}</ul>
    </section>`;
  }
}
