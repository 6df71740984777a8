/**
 * The part of zod/mini that the shared form schemas (src/shared/schemas.ts) use, for the kit's
 * browser builds only (rollup.config.mjs puts it in place of zod/mini): string fields cleaned by
 * `overwrite` and checked by `refine`, and `safeParse`, whose first issue is the field's message.
 * zod/mini's own machinery costs ~3 KB gzip on every page with a form; this costs a few hundred
 * bytes. The server validates with real zod; test/server/schemas-subset.test.ts runs the same
 * inputs through both and expects the same answers.
 */
type Check = { overwrite: (value: string) => string } | { refine: (value: string) => boolean; message: string };

interface StringSchema {
  missing: string;
  checks: Check[];
  check(...checks: Check[]): StringSchema;
}

export function string(params: { error: string }): StringSchema {
  const make = (checks: Check[]): StringSchema => ({ missing: params.error, checks, check: (...more) => make([...checks, ...more]) });
  return make([]);
}

export const overwrite = (transform: (value: string) => string): Check => ({ overwrite: transform });

export const refine = (test: (value: string) => boolean, message: string): Check => ({ refine: test, message });

export function safeParse(schema: StringSchema, input: unknown) {
  const fail = (message: string) => ({ success: false as const, error: { issues: [{ message }] } });
  if (typeof input != 'string') return fail(schema.missing);
  let value = input;
  // zod runs every check and lists every issue; the first failing one is the first issue.
  for (const check of schema.checks) {
    if ('overwrite' in check) value = check.overwrite(value);
    else if (!check.refine(value)) return fail(check.message);
  }
  return { success: true as const, data: value };
}
