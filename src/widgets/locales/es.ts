/** Spanish for the widgets: a chunk of its own, loaded only by pages that need it. */
export { widgets as default } from '../../shared/i18n/es.js';
