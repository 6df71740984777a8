/** The loader's entry for <frontdesk-booking>: the class (the loader defines it), and how to configure the kit first. */
export { FrontdeskBooking as element } from '../booking/booking.js';
export { configure } from '../base/settings.js';
export { addLanguage } from '../base/i18n.js';
