/** The loader's entry for <frontdesk-comments>: the class (the loader defines it), and how to configure the kit first. */
export { FrontdeskComments as element } from '../comments/comments.js';
export { configure } from '../base/settings.js';
export { addLanguage } from '../base/i18n.js';
