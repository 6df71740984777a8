/** English for <frontdesk-testimonial> and <frontdesk-testimonials> (see en-common.ts). */
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
