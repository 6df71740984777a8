/**
 * Spanish for <frontdesk-testimonial-form> (and the /review page): a module of its own, carried by the
 * form's chunk, so the Spanish chunk of pages without the form does not pay for it.
 */
import type { FormMessages } from './en.js';

export const testimonialForm: FormMessages = {
  'testimonialForm.title': 'Escriba su testimonio',
  'testimonialForm.honest': 'Cuéntelo tal como fue, bueno o malo: leemos todos los testimonios y ninguno se recompensa.',
  'testimonialForm.rating': 'Su valoración',
  'testimonialForm.stars': '{rating} de {max} estrellas',
  'testimonialForm.text': 'Su testimonio',
  'testimonialForm.role': 'Profesión o ciudad',
  'testimonialForm.consent': 'Acepto que mi testimonio se muestre en este sitio web.',
  'testimonialForm.send': 'Enviar testimonio',
  'testimonialForm.sent': '¡Gracias! Hemos recibido su testimonio.',
  'testimonialForm.pending': '¡Gracias! Su testimonio se mostrará cuando se haya aprobado.',
  'validation.testimonialMissing': 'Escriba su testimonio.',
  'validation.ratingMissing': 'Elija una valoración.',
  'validation.consentMissing': 'Marque esta casilla para enviarlo.',
};
