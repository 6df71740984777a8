/** The loader's entry for <frontdesk-testimonial>: the class (the loader defines it), and how to configure the kit first. */
export { FrontdeskTestimonial as element } from '../testimonial/testimonial.js';
export { configure } from '../base/settings.js';
export { addLanguage } from '../base/i18n.js';
