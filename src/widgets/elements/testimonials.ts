/** The loader's entry for <frontdesk-testimonials>: the class (the loader defines it), and how to configure the kit first. */
export { FrontdeskTestimonials as element } from '../testimonials/testimonials.js';
export { configure } from '../base/settings.js';
export { addLanguage } from '../base/i18n.js';
