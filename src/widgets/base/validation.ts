/**
 * The shared form schemas (src/shared/schemas.ts, and zod/mini with them), loaded when a visitor
 * reaches a form rather than with the page: most visitors read a page and never fill one. An
 * element starts the load when its form is shown or focused (`loadSchemas()`, once per page) and
 * awaits it at submit, so even a submit the instant the form appears is checked here first, with
 * the same messages the server gives. A failed load is forgotten: the next call tries again.
 */
type Schemas = typeof import('../../shared/schemas.js');

let schemas: Promise<Schemas> | undefined;

export function loadSchemas(): Promise<Schemas> {
  return (schemas ??= import('../../shared/schemas.js').catch((error: unknown) => {
    schemas = undefined;
    throw error;
  }));
}

/** Starts the load (a form was shown or focused); a failure waits for the submit to be reported. */
export function prefetchSchemas(): void {
  loadSchemas().catch(() => {});
}
