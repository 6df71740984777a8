/** The owner's time off (CONTRACT 5.1): GET /admin/closures, POST /admin/closures, DELETE /admin/closures/{id}. */
import { Hono } from 'hono';
import { closureProblem } from '../../shared/closures.js';
import { closureInput } from '../../shared/owner-schemas.js';
import type { AppContext } from '../context.js';
import { readValid } from '../http/body.js';
import { validationFailed } from '../http/errors.js';
import * as closures from '../services/closures.js';

export function adminClosureRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const now = () => (ctx.now ?? Date.now)();

  app.get('/closures', async (c) => c.json(await closures.listClosures(db, ctx.config, now())));

  // Answers the new closure with the confirmed bookings that already fall inside it: none is cancelled.
  app.post('/closures', async (c) => {
    const input = await readValid(c, closureInput);
    const problem = closureProblem(input.from, input.to);
    if (problem) throw validationFailed({ [problem.field]: problem.message });
    return c.json(await closures.addClosure(db, ctx.config, input), 201);
  });

  app.delete('/closures/:id', async (c) => {
    await closures.removeClosure(db, c.req.param('id'));
    return c.body(null, 204);
  });

  return app;
}
