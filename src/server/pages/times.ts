/**
 * A week of free times as radio buttons, with links to the weeks before and after: the time step
 * of /book/{service} and of the manage page's "Pick another time", both without JavaScript. The days and
 * times are the clinic's; "Pick another time" knows the visitor's zone and adds their own time to each.
 */
import { html } from 'hono/html';
import type { Slot } from '../../shared/api.js';
import { zoneName } from '../../shared/i18n/time-words.js';
import type { Translator } from '../i18n.js';
import { addDays, daysBetween, epochToLocal, isoDate, type LocalDate, localToEpoch, parseLocalDate } from '../services/time.js';

/** The week shown: from `asked` (a date in the clinic's zone, not before today, within the advance) for 7 days. */
export function weekStart(asked: string | undefined, zone: string, at: number, maxAdvanceDays: number): LocalDate {
  const today = epochToLocal(zone, at).date;
  const date = parseLocalDate(asked ?? '');
  return date && daysBetween(today, date) > 0 && daysBetween(today, date) <= maxAdvanceDays ? date : today;
}

export interface WeekOfTimes {
  t: Translator;
  zone: string;
  at: number;
  from: LocalDate;
  maxAdvanceDays: number;
  slots: Slot[];
  /** The address of the page showing the week from a date (YYYY-MM-DD). */
  weekHref: (date: string) => string;
  chosen?: string | undefined;
  error?: string | undefined;
  /** The visitor's own zone when it is not the clinic's (a booking's `timezone`): each time shows theirs too. */
  ownZone?: string | undefined;
}

/** The anchor of the first time (where an error summary's link points). */
export const firstTimeAnchor = (slots: Slot[]) => (slots[0] ? `t-${Date.parse(slots[0].start)}` : 'times');

export function timesFieldset(w: WeekOfTimes) {
  const { t, zone, at, from, slots } = w;
  const dayName = new Intl.DateTimeFormat(t.locale, { timeZone: zone, weekday: 'long', month: 'long', day: 'numeric' });
  const time = new Intl.DateTimeFormat(t.locale, { timeZone: zone, timeStyle: 'short' });
  const own = w.ownZone && new Intl.DateTimeFormat(t.locale, { timeZone: w.ownZone, weekday: 'short', hour: 'numeric', minute: '2-digit' });
  const days = Array.from({ length: 7 }, (_, i) => addDays(from, i));
  const byDay = new Map(days.map((d) => [isoDate(d), [] as string[]]));
  for (const slot of slots) byDay.get(isoDate(epochToLocal(zone, Date.parse(slot.start)).date))?.push(slot.start);
  const today = epochToLocal(zone, at).date;
  const previous = daysBetween(today, from) > 0 ? addDays(from, -7) : undefined;
  const next = daysBetween(today, addDays(from, 7)) <= w.maxAdvanceDays ? addDays(from, 7) : undefined;
  // The zones are named as they are in the week shown (an April week says "Daylight Time", even read in January);
  // in a week whose clocks change, by the name both sides share ("Eastern Time").
  const weekNoon = localToEpoch(zone, from, 720);
  const lastNoon = localToEpoch(zone, addDays(from, 6), 720);
  const named = (z: string) => {
    const first = zoneName(t.locale, z, weekNoon);
    return first === zoneName(t.locale, z, lastNoon) ? first : zoneName(t.locale, z, weekNoon, 'longGeneric');
  };
  const weekLink = (d: LocalDate) => w.weekHref(isoDate(daysBetween(today, d) < 0 ? today : d));
  return html`<fieldset id="times" ${w.error ? html`aria-describedby="f-start-error"` : ''}>
<legend>${t.t('booking.chooseTime')}</legend>
<p class="muted">${t.t('page.timesIn', { zone: named(zone) })}${w.ownZone ? html` ${t.t('page.ownTimesIn', { zone: named(w.ownZone) })}` : ''}</p>
<div class="week">
${previous ? html`<a href="${weekLink(previous)}">${t.t('page.previousWeek')}</a>` : html`<span></span>`}
<strong>${t.t('page.weekOf', { date: dayName.format(weekNoon) })}</strong>
${next ? html`<a href="${weekLink(next)}">${t.t('page.nextWeek')}</a>` : html`<span></span>`}
</div>
${w.error ? html`<p class="field-error" id="f-start-error">${w.error}</p>` : ''}
${slots.length ? '' : html`<p>${t.t('page.noTimesWeek')}</p>`}
${
  slots.length
    ? days.map((d) => {
        const starts = byDay.get(isoDate(d)) ?? [];
        return html`<fieldset class="day"><legend>${dayName.format(localToEpoch(zone, d, 720))}</legend>
${
  starts.length
    ? html`<div class="times">${starts.map((start) => {
        const id = `t-${Date.parse(start)}`;
        return html`<label for="${id}"><input type="radio" id="${id}" name="start" value="${start}" ${start === w.chosen ? html`checked` : ''} required>${time.format(Date.parse(start))}${own ? html` <span class="muted">(${own.format(Date.parse(start))})</span>` : ''}</label>`;
      })}</div>`
    : html`<p class="muted">${t.t('page.noTimesDay')}</p>`
}
</fieldset>`;
      })
    : ''
}
</fieldset>`;
}
