/** GET /api/v1/openapi.json: the HTTP API as OpenAPI 3.1 (openapi/document.ts), built once per process. */
import { Hono } from 'hono';
import { openApiJson } from '../openapi/document.js';

export function openApiRoutes(): Hono {
  const app = new Hono();
  app.get('/openapi.json', (c) =>
    c.body(openApiJson(), 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  );
  return app;
}
