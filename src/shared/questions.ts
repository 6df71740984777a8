/**
 * The one check of the answers to a service's intake questions (config `services[].questions`):
 * the widget runs it before sending, the server before storing, so the visitor reads the same message
 * from either side. A form is built from the questions (one field per question); errors are named
 * `answers.<id>`. Loaded with the other schemas (schemas.ts re-exports it) when a form is reached.
 */
import * as z from 'zod/mini';
import type { Answers, Question } from './api.js';
import { issue } from './i18n/format.js';
import { LIMITS } from './limits.js';
import { cleanLine, cleanText, textLength } from './text.js';

const MISSING = issue('booking.answerMissing');
const NOT_OPTION = issue('booking.answerNotOption');

function answerField(question: Question): z.ZodMiniType<unknown, unknown> {
  if (question.type === 'checkbox') {
    return z.boolean({ error: MISSING });
  }
  if (question.type === 'select') {
    const options = question.options ?? [];
    return z.string({ error: NOT_OPTION }).check(z.refine((v) => options.includes(v), NOT_OPTION));
  }
  const max = question.type === 'textarea' ? LIMITS.answerLong : LIMITS.answer;
  return z.string({ error: MISSING }).check(
    z.overwrite(question.type === 'textarea' ? cleanText : cleanLine),
    z.refine((v) => v.length > 0, MISSING),
    z.refine((v) => textLength(v) <= max, issue('validation.tooLong', { max })),
  );
}

/** Whether an answer counts as not given (a required question then says so; an optional one is left out). */
const unanswered = (value: unknown) => value === undefined || value === null || value === '' || value === false;

/**
 * The answers to `questions`, checked: unknown ids dropped, unanswered optional ones left out.
 * Fails with one message per question in error, under `answers.<id>` (or `answers` when not an object).
 */
export function checkAnswers(
  questions: readonly Question[] | undefined,
  answers: unknown,
): { ok: true; data: Answers } | { ok: false; fields: Record<string, string> } {
  if (answers !== undefined && answers !== null && (typeof answers !== 'object' || Array.isArray(answers))) {
    return { ok: false, fields: { answers: MISSING } };
  }
  const given = (answers ?? {}) as Record<string, unknown>;
  const data: Answers = {};
  const fields: Record<string, string> = {};
  for (const question of questions ?? []) {
    const value = Object.prototype.hasOwnProperty.call(given, question.id) ? given[question.id] : undefined;
    if (unanswered(value)) {
      if (question.required) fields[`answers.${question.id}`] = MISSING;
      continue;
    }
    const result = z.safeParse(answerField(question), value);
    if (result.success) data[question.id] = result.data as string | boolean;
    else fields[`answers.${question.id}`] = result.error.issues[0]?.message ?? MISSING;
  }
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, data };
}
