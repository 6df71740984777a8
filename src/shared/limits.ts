/**
 * The longest text each field takes (in characters as a person counts them, shared/text.ts). Its
 * own module, free of zod: the widgets show some of these before any validation is loaded (the
 * comment form's counter), and the schemas (schemas.ts) check against the same numbers.
 */
export const LIMITS = {
  name: 100,
  email: 254,
  phone: 40,
  notes: 2000,
  message: 5000,
  author: 80,
  comment: 5000,
  testimonial: 5000,
  role: 100,
  source: 40,
  url: 500,
  id: 100,
  /** An intake question's answer: one line (text), several (textarea). */
  answer: 500,
  answerLong: 5000,
} as const;
