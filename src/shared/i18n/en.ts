/**
 * The whole English catalogue, the source every translation follows: the widgets' groups (each
 * element's chunk carries only its own) and the server's. Its keys are the message keys.
 */
import { booking } from './en-booking.js';
import { common } from './en-common.js';
import { comments } from './en-comments.js';
import { server } from './en-server.js';
import { testimonialForm } from './en-testimonial-form.js';
import { testimonial, testimonials } from './en-testimonials.js';
import type { Entry } from './format.js';

export const widgetsEn = { ...common, ...booking, ...comments, ...testimonial, ...testimonials, ...testimonialForm };
export const en = { ...widgetsEn, ...server };

export type WidgetKey = keyof typeof widgetsEn;
export type ServerKey = keyof typeof server;
export type MessageKey = keyof typeof en;

export type FormKey = keyof typeof testimonialForm;
/** A language's widget messages: every widget key but the testimonial form's (its chunk carries those). */
export type WidgetMessages = Record<Exclude<WidgetKey, FormKey>, Entry>;
/** A language's messages for <frontdesk-testimonial-form> (src/shared/i18n/<language>-testimonial-form.ts). */
export type FormMessages = Record<FormKey, Entry>;
/** A language's server messages: every server key. */
export type ServerMessages = Record<ServerKey, Entry>;
