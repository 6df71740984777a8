/**
 * The week at a glance: for each day (in the clinic's time zone), the bookings, the time off and the
 * busy times of the owner's calendars, side by side in time order. A list per day under its own
 * heading (screen readers move by heading, keyboards by Tab), laid out as columns on a wide screen
 * and one under another on a phone; each entry says in words what it is, never by colour alone.
 */
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { AdminSchedule, AdminScheduleDay, AdminScheduleItem } from '../shared/api.js';
import { AdminSection, when } from './section.js';

const KIND = { booking: 'Booking', closure: 'Time off', busy: 'Busy' } as const;
const OUTCOME = { completed: 'Completed', no_show: 'No-show' } as const;

/** `YYYY-MM-DD` plus `days`, as dates (no time zone involved). */
function shift(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export class AdminWeek extends AdminSection {
  static override styles = [
    ...AdminSection.styles,
    css`
      .week {
        display: grid;
        gap: 12px;
        grid-template-columns: 1fr;
        margin: 0;
        padding: 0;
      }
      @media (min-width: 760px) {
        .week {
          grid-template-columns: repeat(auto-fill, minmax(210px, 1fr));
        }
      }
      .day {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 8px 12px 10px;
        min-width: 0;
      }
      .day h3 {
        font-size: 16px;
        margin: 4px 0 8px;
      }
      .items {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      .item {
        border-left: 4px solid var(--_border);
        padding: 2px 0 2px 8px;
        overflow-wrap: anywhere;
      }
      .item.booking {
        border-left-color: var(--_accent);
      }
      .item.closure {
        border-left-color: var(--_error);
        border-left-style: double;
      }
      .item.busy {
        border-left-style: dashed;
      }
      .item .title {
        display: block;
      }
      .item .what {
        display: block;
        font-size: 13px;
        font-weight: 600;
        color: var(--_muted);
      }
    `,
  ];

  @state() private week?: AdminSchedule;
  /** The Monday shown; unset: this week, as the server's clock says. */
  @state() private monday = '';

  protected override async load(): Promise<void> {
    const range = this.monday ? `?from=${this.monday}&to=${shift(this.monday, 6)}` : '';
    this.week = await this.api.get<AdminSchedule>(`/schedule${range}`);
    this.monday = this.week.days[0]?.date ?? this.monday;
  }

  private async go(monday: string) {
    this.monday = monday;
    await this.reload();
  }

  private time(item: AdminScheduleItem, day: AdminScheduleDay): string {
    const t = (iso: string) => when(iso, this.config, { timeStyle: 'short' });
    const before = Date.parse(item.start) <= Date.parse(day.start);
    const after = Date.parse(item.end) >= Date.parse(day.end);
    if ((before && after) || (item.allDay && before)) return 'All day';
    if (before) return `Until ${t(item.end)}`;
    if (after) return `From ${t(item.start)}`;
    return `${t(item.start)} \u2013 ${t(item.end)}`;
  }

  private item(item: AdminScheduleItem, day: AdminScheduleDay) {
    const outcome = item.status === 'completed' || item.status === 'no_show' ? OUTCOME[item.status] : '';
    const what = item.kind === 'busy' ? `${KIND.busy} (${item.id} calendar)` : outcome ? `${KIND.booking}: ${outcome}` : KIND[item.kind];
    const title = item.title || (item.kind === 'closure' ? 'Closed' : item.kind === 'busy' ? 'Busy' : '');
    return html`<li class="item ${item.kind} ${item.status ?? ''}">
      <span class="what">${what}</span>
      <strong>${this.time(item, day)}</strong>
      ${title ? html`<span class="title">${title}</span>` : nothing}
    </li>`;
  }

  private day(day: AdminScheduleDay, today: string) {
    const name = when(day.start, this.config, { weekday: 'long', month: 'long', day: 'numeric' });
    return html`<section class="day" aria-labelledby=${`day-${day.date}`}>
      <h3 id=${`day-${day.date}`}>${name}${day.date === today ? html` <span class="badge">Today</span>` : nothing}</h3>
      ${
        day.items.length
          ? html`<ul class="items">${day.items.map((i) => this.item(i, day))}</ul>`
          : html`<p class="meta">Nothing booked or blocked.</p>`
      }
    </section>`;
  }

  override render() {
    const days = this.week?.days ?? [];
    const first = days[0];
    const last = days[days.length - 1];
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: this.config.business.timezone }).format(new Date());
    const range =
      first && last
        ? `${when(first.start, this.config, { dateStyle: 'full' })} to ${when(last.start, this.config, { dateStyle: 'full' })}`
        : '';
    return html`<section class="root" aria-labelledby="h-week">
      ${this.heading('h-week', 'Week')}
      <div class="toolbar" role="group" aria-label="Choose the week">
        <button class="btn secondary small" type="button" ?disabled=${!this.monday} @click=${() => this.go(shift(this.monday, -7))}>Previous week</button>
        <button class="btn secondary small" type="button" @click=${() => this.go('')}>This week</button>
        <button class="btn secondary small" type="button" ?disabled=${!this.monday} @click=${() => this.go(shift(this.monday, 7))}>Next week</button>
      </div>
      <p class="meta" aria-live="polite">${range ? `${range}, times in ${this.config.business.timezone}.` : ''}</p>
      <div class="week">${days.map((d) => this.day(d, today))}</div>
    </section>`;
  }
}
