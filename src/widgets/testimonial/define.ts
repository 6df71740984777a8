import { define } from '../base/define.js';
import { FrontdeskTestimonial } from './testimonial.js';

define('frontdesk-testimonial', FrontdeskTestimonial);

declare global {
  interface HTMLElementTagNameMap {
    'frontdesk-testimonial': FrontdeskTestimonial;
  }
}
