/**
 * English for <frontdesk-testimonial-form> (see en-common.ts), and the /review page that uses the same words
 * (server/routes/review-pages.ts). A module of its own: a page with only testimonial cards never loads these.
 */
export const testimonialForm = {
  'testimonialForm.title': 'Write a testimonial',
  'testimonialForm.honest': 'Tell it as it was, good or bad: every testimonial is read, and none is rewarded.',
  'testimonialForm.rating': 'Your rating',
  'testimonialForm.stars': '{rating} of {max} stars',
  'testimonialForm.text': 'Your testimonial',
  'testimonialForm.role': 'Role or town',
  'testimonialForm.consent': 'I agree to this being shown on this website.',
  'testimonialForm.send': 'Send testimonial',
  'testimonialForm.sent': 'Thank you! We have received your testimonial.',
  'testimonialForm.pending': 'Thank you! Your testimonial will be shown once it has been approved.',
  'validation.testimonialMissing': 'Write your testimonial.',
  'validation.ratingMissing': 'Choose a rating.',
  'validation.consentMissing': 'Tick this box to send your testimonial.',
};
