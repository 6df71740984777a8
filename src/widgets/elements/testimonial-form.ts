/** The loader's entry for <frontdesk-testimonial-form>: the class (the loader defines it), and how to configure the kit first. */
export { FrontdeskTestimonialForm as element } from '../testimonial-form/testimonial-form.js';
export { configure } from '../base/settings.js';
export { addLanguage } from '../base/i18n.js';
