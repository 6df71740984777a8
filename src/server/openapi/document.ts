/**
 * The OpenAPI 3.1 document of the HTTP API, built from OPERATIONS: zod's JSON Schema output
 * (`z.toJSONSchema`, draft 2020-12, which OpenAPI 3.1 uses) for bodies and answers, and the error
 * answers each route can give, in the one error shape, from http/errors.ts's code → status table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { ErrorCode } from '../../shared/errors.js';
import { STATUS } from '../http/errors.js';
import { packageRoot } from '../paths.js';
import { type Operation, OPERATIONS } from './operations.js';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
}

const API = '/api/v1/';

/** The error codes a route can answer: its own, and those of every route of its kind. */
export function errorCodes(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors);
  const api = op.path.startsWith(API);
  if (op.owner) codes.add('unauthorized').add('forbidden_origin');
  if (api && op.method !== 'get') codes.add('forbidden_origin').add('payload_too_large');
  if (op.body) codes.add('validation_failed').add('bad_request');
  if (api && op.method === 'post') codes.add('bad_request').add('idempotency_conflict').add('rate_limited');
  codes.add('internal_error');
  // Every route but /healthz (which says so in its own answer) may find the store unreachable.
  if (op.path !== '/healthz') codes.add('unavailable');
  return [...codes];
}

function errorSchema(codes: ErrorCode[]): Json {
  return {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        additionalProperties: false,
        properties: {
          code: { enum: codes },
          message: { type: 'string', description: 'For people: the widgets show it as it is.' },
          fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'A message per field in error.' },
        },
      },
    },
  };
}

function errorAnswers(op: Operation): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(op)) byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), code]);
  const answers: Json = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    if (status === STATUS.unavailable) {
      answers[status] = { $ref: '#/components/responses/Unavailable' };
      continue;
    }
    answers[status] = {
      description: codes.join(', '),
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: errorSchema(codes) } },
    };
  }
  return answers;
}

function answers(op: Operation): Json {
  const out: Json = {};
  for (const [status, answer] of Object.entries(op.answers)) {
    const content: Json = {};
    if (answer.type) content[answer.type] = { schema: { type: 'string' } };
    else if (answer.schema) content['application/json'] = { schema: jsonSchema(answer.schema, 'output') };
    for (const type of answer.alsoAs ?? []) content[type] = { schema: { type: 'string' } };
    const headers = Object.fromEntries(
      Object.entries(answer.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
    );
    out[status] = {
      description: answer.description,
      ...(answer.headers ? { headers } : {}),
      ...(Object.keys(content).length ? { content } : {}),
    };
  }
  return { ...out, ...errorAnswers(op) };
}

function parameters(op: Operation): Json[] {
  const path = [...op.path.matchAll(/:(\w+)/g)].map(([, name]) => {
    const param = op.params?.[name!];
    const schema = { type: 'string', ...(param?.pattern ? { pattern: param.pattern } : {}) };
    return { name, in: 'path', required: true, ...(param ? { description: param.description } : {}), schema };
  });
  const headers = Object.entries(op.headers ?? {}).map(([name, description]) => ({
    name,
    in: 'header',
    description,
    schema: { type: 'string' },
  }));
  const query = Object.entries(op.query ?? {}).map(([name, q]) => ({
    name,
    in: 'query',
    description: q.description,
    ...(q.required ? { required: true } : {}),
    schema: jsonSchema(q.schema, 'input'),
  }));
  const idempotency = op.method === 'post' && op.path.startsWith(API) ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : [];
  return [...path, ...query, ...headers, ...idempotency];
}

/** `post /api/v1/bookings/:id/cancel` → postBookingsIdCancel */
export function operationId(op: Operation): string {
  const words = op.path
    .replace(API, '/')
    .split(/[/:.]+/)
    .filter(Boolean);
  return op.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())).join('');
}

/** `/api/v1/bookings/:id` → `/api/v1/bookings/{id}` */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

const DESCRIPTION = `Bookings, messages, comments and testimonials for a small business site, with the owner's time off and calendars.
JSON in and out. Errors are always {"error": {"code", "message", "fields"?}} with a 4xx or 5xx status.
Writes from a browser must come from an origin in the config's allowedOrigins (else 403 forbidden_origin).
Every POST takes an Idempotency-Key header. The visitors' forms take a honeypot field, website, and elapsedMs:
a filled honeypot or elapsedMs under 2000 is answered as accepted and stored nowhere.
Visitors' POSTs are limited per client (limits.writesPerMinutePerClient; 429 rate_limited with Retry-After).
While the database cannot be reached (a restart), every route answers 503 unavailable with Retry-After, and stores nothing.
The owner's routes, under /api/v1/admin, take Authorization: Bearer <admin token>.`;

export function openApiDocument(operations: readonly Operation[] = OPERATIONS): Json {
  const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const path = (paths[openApiPath(op.path)] ??= {});
    path[op.method] = {
      operationId: operationId(op),
      tags: [op.tag],
      summary: op.summary,
      ...(op.owner ? { security: [{ ownerToken: [] }, { adminSession: [] }] } : {}),
      parameters: parameters(op),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: answers(op),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Frontdesk', version, description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
    paths,
    components: {
      securitySchemes: {
        ownerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The site owner\u2019s admin token (FRONTDESK_ADMIN_TOKEN, or the one printed on first start).',
        },
        adminSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'frontdesk_admin',
          description: 'The admin page\u2019s session, honoured from the server\u2019s own origin only.',
        },
      },
      responses: {
        Unavailable: {
          description:
            'unavailable: the store cannot be reached for now (a database restart, say). Nothing was stored; the same request, with the same Idempotency-Key, may be sent again after Retry-After.',
          headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
          content: { 'application/json': { schema: errorSchema(['unavailable']) } },
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          description:
            'Any 1 to 200 characters. The same key with the same body answers the first answer again and stores nothing new; with another body, 422.',
          schema: { type: 'string', minLength: 1, maxLength: 200 },
        },
      },
    },
  };
}

let cached: string | undefined;

/** The document as JSON text, built once per process. */
export function openApiJson(): string {
  return (cached ??= JSON.stringify(openApiDocument()));
}
