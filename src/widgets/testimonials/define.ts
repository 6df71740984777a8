import { define } from '../base/define.js';
import { FrontdeskTestimonials } from './testimonials.js';

define('frontdesk-testimonials', FrontdeskTestimonials);

declare global {
  interface HTMLElementTagNameMap {
    'frontdesk-testimonials': FrontdeskTestimonials;
  }
}
