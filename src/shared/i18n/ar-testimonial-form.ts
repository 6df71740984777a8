/**
 * Arabic for <frontdesk-testimonial-form> (and the /review page): a module of its own, carried by the
 * form's chunk, so the Arabic chunk of pages without the form does not pay for it.
 */
import type { FormMessages } from './en.js';

export const testimonialForm: FormMessages = {
  'testimonialForm.title': 'اكتب رأيك',
  'testimonialForm.honest': 'نقرأ كل رأي، جيدًا كان أو سيئًا، ولا نكافئ عليه.',
  'testimonialForm.rating': 'تقييمك',
  'testimonialForm.stars': '{rating} من {max} نجوم',
  'testimonialForm.text': 'رأيك',
  'testimonialForm.role': 'المهنة أو المدينة',
  'testimonialForm.consent': 'أوافق على عرض هذا على هذا الموقع.',
  'testimonialForm.send': 'إرسال الرأي',
  'testimonialForm.sent': 'شكرًا! وصلنا رأيك.',
  'testimonialForm.pending': 'شكرًا! سيظهر رأيك بعد الموافقة عليه.',
  'validation.testimonialMissing': 'يُرجى كتابة رأيك.',
  'validation.ratingMissing': 'اختر تقييمًا.',
  'validation.consentMissing': 'حدّد هذا المربع.',
};
