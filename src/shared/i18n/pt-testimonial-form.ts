/**
 * Portuguese for <frontdesk-testimonial-form> (and the /review page): a module of its own, carried by the
 * form's chunk, so the Portuguese chunk of pages without the form does not pay for it.
 */
import type { FormMessages } from './en.js';

export const testimonialForm: FormMessages = {
  'testimonialForm.title': 'Escrever um testemunho',
  'testimonialForm.honest': 'Conte como foi, de bom ou de mau: todos os testemunhos são lidos e nenhum é recompensado.',
  'testimonialForm.rating': 'A sua avaliação',
  'testimonialForm.stars': '{rating} de {max} estrelas',
  'testimonialForm.text': 'O seu testemunho',
  'testimonialForm.role': 'Profissão ou cidade',
  'testimonialForm.consent': 'Aceito que o meu testemunho seja publicado neste site.',
  'testimonialForm.send': 'Enviar testemunho',
  'testimonialForm.sent': 'Obrigado! Recebemos o seu testemunho.',
  'testimonialForm.pending': 'Obrigado! O seu testemunho será publicado depois de aprovado.',
  'validation.testimonialMissing': 'Escreva o seu testemunho.',
  'validation.ratingMissing': 'Escolha uma avaliação.',
  'validation.consentMissing': 'Marque esta caixa para o enviar.',
};
