/**
 * English, the source of every message: what all the widgets share (form fields, validation by the
 * shared schemas, network errors). Keys are `group.name`; docs/messages.md lists them all
 * (`npm run messages` writes it). Every other language translates these keys.
 */
export const common = {
  'form.optional': '(optional)',
  'form.honeypot': 'Leave empty',
  'form.name': 'Name',
  'form.email': 'Email',
  'form.phone': 'Phone',
  'common.retry': 'Retry',
  'common.loading': 'Loading…',
  'error.network': 'We could not reach the server. Check your connection and try again.',
  'error.generic': 'Something went wrong. Please try again.',
  'error.validation_failed': 'Please correct the highlighted fields.',
  'validation.nameMissing': 'Enter your name.',
  'validation.emailMissing': 'Enter your email address.',
  'validation.emailInvalid': 'Enter a valid email address.',
  'validation.phoneInvalid': 'Enter a valid phone number.',
  'validation.tooLong': 'Use at most {max} characters.',
  'validation.nameTooLong': 'Use at most {max} characters for your name.',
  'validation.serviceMissing': 'Choose a service.',
  'validation.startMissing': 'Choose a time.',
  'validation.messageMissing': 'Enter your message.',
  'validation.commentMissing': 'Write your comment.',
  'validation.parentUnknown': 'That comment cannot be answered any more.',
};
