/**
 * German for <frontdesk-testimonial-form> (and the /review page): a module of its own, carried by the
 * form's chunk, so the German chunk of pages without the form does not pay for it.
 */
import type { FormMessages } from './en.js';

export const testimonialForm: FormMessages = {
  'testimonialForm.title': 'Erfahrungsbericht schreiben',
  'testimonialForm.honest': 'Erzählen Sie es, wie es war, gut oder schlecht: Jeder Bericht wird gelesen, keiner wird belohnt.',
  'testimonialForm.rating': 'Ihre Bewertung',
  'testimonialForm.stars': '{rating} von {max} Sternen',
  'testimonialForm.text': 'Ihr Erfahrungsbericht',
  'testimonialForm.role': 'Beruf oder Ort',
  'testimonialForm.consent': 'Ich bin einverstanden, dass dies auf dieser Website gezeigt wird.',
  'testimonialForm.send': 'Erfahrungsbericht senden',
  'testimonialForm.sent': 'Vielen Dank! Wir haben Ihren Erfahrungsbericht erhalten.',
  'testimonialForm.pending': 'Vielen Dank! Ihr Erfahrungsbericht erscheint, sobald er freigegeben ist.',
  'validation.testimonialMissing': 'Bitte schreiben Sie Ihren Erfahrungsbericht.',
  'validation.ratingMissing': 'Bitte wählen Sie eine Bewertung.',
  'validation.consentMissing': 'Bitte setzen Sie hier ein Häkchen.',
};
