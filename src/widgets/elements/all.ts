/**
 * The loader's entry for a page with several elements: all five in one file, which costs less than
 * their chunks one by one (one compression, not one per file). The loader picks whichever is
 * smaller for the elements it finds at first (sizes baked in by rollup.config.mjs).
 */
import { FrontdeskBooking } from '../booking/booking.js';
import { FrontdeskComments } from '../comments/comments.js';
import { FrontdeskTestimonial } from '../testimonial/testimonial.js';
import { FrontdeskTestimonialForm } from '../testimonial-form/testimonial-form.js';
import { FrontdeskTestimonials } from '../testimonials/testimonials.js';

export const elements: Record<string, CustomElementConstructor> = {
  'frontdesk-testimonial': FrontdeskTestimonial,
  'frontdesk-testimonials': FrontdeskTestimonials,
  'frontdesk-booking': FrontdeskBooking,
  'frontdesk-comments': FrontdeskComments,
  'frontdesk-testimonial-form': FrontdeskTestimonialForm,
};
export { configure } from '../base/settings.js';
export { addLanguage } from '../base/i18n.js';
