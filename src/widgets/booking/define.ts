import { define } from '../base/define.js';
import { FrontdeskBooking } from './booking.js';

define('frontdesk-booking', FrontdeskBooking);

declare global {
  interface HTMLElementTagNameMap {
    'frontdesk-booking': FrontdeskBooking;
  }
}
