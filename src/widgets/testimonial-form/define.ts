import { define } from '../base/define.js';
import { FrontdeskTestimonialForm } from './testimonial-form.js';

define('frontdesk-testimonial-form', FrontdeskTestimonialForm);

declare global {
  interface HTMLElementTagNameMap {
    'frontdesk-testimonial-form': FrontdeskTestimonialForm;
  }
}
