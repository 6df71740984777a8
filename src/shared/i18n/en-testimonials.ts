/** English for <frontdesk-testimonial>, <frontdesk-testimonials> and <frontdesk-testimonial-form> (see en-common.ts). */
export const testimonial = {
  'testimonial.rating': 'Rated {rating} out of {max}',
  'testimonial.more': 'Read more',
  'testimonial.less': 'Show less',
  'testimonial.source': 'Source: {source}',
};

export const testimonials = {
  'testimonials.label': 'Testimonials',
  'testimonials.loading': 'Loading testimonials…',
  'testimonials.loadFailed': 'We could not load the testimonials.',
  'testimonials.empty': 'No testimonials yet.',
  'testimonials.carousel': 'carousel',
  'testimonials.slide': 'slide',
  'testimonials.position': 'Testimonial {index} of {count}',
  'testimonials.previous': 'Previous testimonial',
  'testimonials.next': 'Next testimonial',
};

/** <frontdesk-testimonial-form>, and the /review page that uses the same words (server/routes/review-pages.ts). */
export const testimonialForm = {
  'testimonialForm.title': 'Write a testimonial',
  'testimonialForm.honest': 'Please tell it as it was, good or bad: every testimonial is read, and none is rewarded.',
  'testimonialForm.rating': 'Your rating',
  'testimonialForm.stars': '{rating} of {max} stars',
  'testimonialForm.text': 'Your testimonial',
  'testimonialForm.role': 'About you',
  'testimonialForm.roleHint': 'For example “Teacher, Springfield”. Shown under your name.',
  'testimonialForm.consent': 'We may show this on our website.',
  'testimonialForm.consentNamed': '{business} may show this on its website.',
  'testimonialForm.send': 'Send testimonial',
  'testimonialForm.sending': 'Sending…',
  'testimonialForm.sentPending': 'Thank you! Your testimonial will appear once it has been approved.',
  'testimonialForm.sentPublished': 'Thank you! Your testimonial is published.',
  'validation.testimonialMissing': 'Write your testimonial.',
  'validation.ratingMissing': 'Choose a rating from 1 to 5 stars.',
  'validation.consentMissing': 'Tick this box so that your testimonial may be shown.',
};
