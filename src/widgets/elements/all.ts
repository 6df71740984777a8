/**
 * The loader's entry for a page with several elements: the four a clinic's pages combine in one file,
 * which costs less than their chunks one by one (one compression, not one per file). The testimonial
 * form is not here: it always comes in its own chunk, so pages without it do not pay for it. The loader picks whichever is
 * smaller for the elements it finds at first (sizes baked in by rollup.config.mjs).
 */
import { FrontdeskBooking } from '../booking/booking.js';
import { FrontdeskComments } from '../comments/comments.js';
import { FrontdeskTestimonial } from '../testimonial/testimonial.js';
import { FrontdeskTestimonials } from '../testimonials/testimonials.js';

export const elements: Record<string, CustomElementConstructor> = {
  'frontdesk-testimonial': FrontdeskTestimonial,
  'frontdesk-testimonials': FrontdeskTestimonials,
  'frontdesk-booking': FrontdeskBooking,
  'frontdesk-comments': FrontdeskComments,
};
export { configure } from '../base/settings.js';
export { addLanguage } from '../base/i18n.js';
