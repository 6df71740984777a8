/**
 * Checks real answers against the OpenAPI document the server serves: the route is in it, the status
 * is one it lists for that route, and a JSON body matches that status's schema (ajv, JSON Schema
 * 2020-12, as OpenAPI 3.1 uses). Remembers which route answered which statuses.
 */
import assert from 'node:assert/strict';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, any>;

// ajv-formats is CommonJS: its default export is the function, or the module around it.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

export interface Checker {
  /** Asserts that the answer is documented; answers its JSON body (or its text). */
  check(method: string, url: string, res: Response, requestBody?: unknown): Promise<any>;
  /** `get /api/v1/bookings/{id}` → the statuses seen. */
  answered: Map<string, Set<number>>;
}

export function openApiChecker(doc: Json): Checker {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: Json) => {
    let validate = compiled.get(key);
    if (!validate) compiled.set(key, (validate = ajv.compile(schema)));
    return validate;
  };
  const templates = Object.keys(doc.paths as Json).map((path) => ({
    path,
    pattern: new RegExp('^' + path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+') + '$'),
  }));
  const answered = new Map<string, Set<number>>();

  async function check(method: string, url: string, res: Response, requestBody?: unknown) {
    const pathname = new URL(url, 'http://x').pathname;
    // A path of its own (sessions/revoke-all) before a template that would also match it (sessions/{id}).
    const template = templates.find((t) => t.pattern.test(pathname) && doc.paths[t.path][method.toLowerCase()])?.path;
    const op = template && (doc.paths[template][method.toLowerCase()] as Json | undefined);
    assert.ok(op, `${method} ${pathname} is not in the OpenAPI document`);
    const name = `${method.toLowerCase()} ${template}`;
    const text = await res.text();
    let documented = op.responses[String(res.status)] as Json | undefined;
    // A shared answer (`#/components/responses/Unavailable`).
    if (typeof documented?.$ref === 'string')
      documented = documented.$ref
        .slice(2)
        .split('/')
        .reduce((at: Json, key: string) => at[key], doc) as Json;
    assert.ok(documented, `${name} answered ${res.status}, which the document does not list for it: ${text.slice(0, 300)}`);
    answered.set(name, (answered.get(name) ?? new Set()).add(res.status));

    if (res.status < 300 && requestBody !== undefined && op.requestBody) {
      const schema = op.requestBody.content['application/json'].schema as Json;
      const validate = validator(`${name} request`, schema);
      assert.ok(
        validate(requestBody),
        `${name}: an accepted request does not match its documented body: ${ajv.errorsText(validate.errors)}`,
      );
    }
    if (!documented.content) {
      assert.equal(text, '', `${name} ${res.status} is documented without a body`);
      return undefined;
    }
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = documented.content[type] as Json | undefined;
    assert.ok(media, `${name} ${res.status} answered ${type}; the document lists ${Object.keys(documented.content).join(', ')}`);
    if (type !== 'application/json') return text;
    const body = JSON.parse(text) as unknown;
    const validate = validator(`${name} ${res.status} ${type}`, media.schema as Json);
    assert.ok(validate(body), `${name} ${res.status}: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
    return body;
  }

  return { check, answered };
}
