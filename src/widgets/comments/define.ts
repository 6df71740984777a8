import { define } from '../base/define.js';
import { FrontdeskComments } from './comments.js';

define('frontdesk-comments', FrontdeskComments);

declare global {
  interface HTMLElementTagNameMap {
    'frontdesk-comments': FrontdeskComments;
  }
}
