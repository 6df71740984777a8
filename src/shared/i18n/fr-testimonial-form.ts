/**
 * French for <frontdesk-testimonial-form> (and the /review page): a module of its own, carried by the
 * form's chunk, so the French chunk of pages without the form does not pay for it.
 */
import type { FormMessages } from './en.js';

export const testimonialForm: FormMessages = {
  'testimonialForm.title': 'Écrire un témoignage',
  'testimonialForm.honest':
    'Racontez-le tel que vous l’avez vécu, en bien ou en mal : chaque témoignage est lu, et aucun n’est récompensé.',
  'testimonialForm.rating': 'Votre note',
  'testimonialForm.stars': 'Note de {rating} sur {max}',
  'testimonialForm.text': 'Votre témoignage',
  'testimonialForm.role': 'Métier ou ville',
  'testimonialForm.consent': 'J’accepte que mon témoignage soit affiché sur ce site.',
  'testimonialForm.send': 'Envoyer le témoignage',
  'testimonialForm.sent': 'Merci ! Nous avons bien reçu votre témoignage.',
  'testimonialForm.pending': 'Merci ! Votre témoignage sera affiché une fois approuvé.',
  'validation.testimonialMissing': 'Écrivez votre témoignage.',
  'validation.ratingMissing': 'Choisissez une note.',
  'validation.consentMissing': 'Cochez cette case pour l’envoyer.',
};
