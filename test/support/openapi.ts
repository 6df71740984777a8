/**
 * Checks real answers against the OpenAPI document the server serves: the route is in it, the status
 * is one it lists for that route, and a JSON body matches that status's schema (ajv, JSON Schema
 * 2020-12, as OpenAPI 3.1 uses). Remembers which route answered which statuses.
 */
import assert from 'node:assert/strict';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** A JSON Schema (2020-12), handed to ajv as it is. */
type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document the checker reads. */
interface MediaType {
  schema: JsonSchema;
}
interface ResponseObject {
  /** A shared answer, `#/components/responses/…`. */
  $ref?: string;
  content?: Record<string, MediaType>;
}
interface OperationObject {
  operationId: string;
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { responses: Record<string, ResponseObject> };
}

// ajv-formats is CommonJS: its default export is the function, or the module around it.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

export interface Checker {
  /**
   * Asserts that the answer is documented; answers its JSON body (or its text), in the shape the
   * caller names (not checked here beyond the document's schema: the assertions that follow do that).
   */
  check<T = unknown>(method: string, url: string, res: Response, requestBody?: unknown): Promise<T>;
  /** `get /api/v1/bookings/{id}` → the statuses seen. */
  answered: Map<string, Set<number>>;
}

export function openApiChecker(doc: OpenApiDocument): Checker {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: JsonSchema) => {
    let validate = compiled.get(key);
    if (!validate) compiled.set(key, (validate = ajv.compile(schema)));
    return validate;
  };
  const templates = Object.keys(doc.paths).map((path) => ({
    path,
    pattern: new RegExp('^' + path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+') + '$'),
  }));
  const answered = new Map<string, Set<number>>();
  const SHARED = '#/components/responses/';

  async function check<T = unknown>(method: string, url: string, res: Response, requestBody?: unknown): Promise<T> {
    const pathname = new URL(url, 'http://x').pathname;
    const verb = method.toLowerCase();
    // A path of its own (sessions/revoke-all) before a template that would also match it (sessions/{id}).
    const template = templates.find((t) => t.pattern.test(pathname) && doc.paths[t.path]?.[verb])?.path;
    const op = template === undefined ? undefined : doc.paths[template]?.[verb];
    assert.ok(op, `${method} ${pathname} is not in the OpenAPI document`);
    const name = `${verb} ${template}`;
    const text = await res.text();
    let documented = op.responses[String(res.status)];
    // A shared answer (`#/components/responses/Unavailable`).
    if (documented?.$ref !== undefined) {
      assert.ok(documented.$ref.startsWith(SHARED), `${name}: ${documented.$ref} is not a shared answer`);
      documented = doc.components.responses[documented.$ref.slice(SHARED.length)];
    }
    assert.ok(documented, `${name} answered ${res.status}, which the document does not list for it: ${text.slice(0, 300)}`);
    answered.set(name, (answered.get(name) ?? new Set()).add(res.status));

    if (res.status < 300 && requestBody !== undefined && op.requestBody) {
      const schema = op.requestBody.content['application/json']?.schema;
      assert.ok(schema, `${name}: its request body is documented without a JSON schema`);
      const validate = validator(`${name} request`, schema);
      assert.ok(
        validate(requestBody),
        `${name}: an accepted request does not match its documented body: ${ajv.errorsText(validate.errors)}`,
      );
    }
    if (!documented.content) {
      assert.equal(text, '', `${name} ${res.status} is documented without a body`);
      return undefined as T;
    }
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = documented.content[type];
    assert.ok(media, `${name} ${res.status} answered ${type}; the document lists ${Object.keys(documented.content).join(', ')}`);
    if (type !== 'application/json') return text as T;
    const body = JSON.parse(text) as unknown;
    const validate = validator(`${name} ${res.status} ${type}`, media.schema);
    assert.ok(validate(body), `${name} ${res.status}: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
    return body as T;
  }

  return { check, answered };
}
