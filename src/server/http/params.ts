/** Query parameters, checked: a bad value is a 400 that names the parameter. */
import type { Context } from 'hono';
import { ServiceError } from '../errors.js';

export function intParam(c: Context, name: string, opts: { min: number; max: number; fallback: number }): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return opts.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < opts.min || value > opts.max) {
    throw new ServiceError('bad_request', `${name} must be a whole number from ${opts.min} to ${opts.max}.`, {
      [name]: `Use ${opts.min} to ${opts.max}.`,
    });
  }
  return value;
}

export function enumParam<T extends string>(c: Context, name: string, values: readonly T[], fallback?: T): T | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ServiceError('bad_request', `${name} must be one of: ${values.join(', ')}.`, { [name]: `Use ${values.join(', ')}.` });
  }
  return raw as T;
}

/** Words to look for: trimmed, absent when empty; longer than `max` characters is a 400. */
export function textParam(c: Context, name: string, max: number): string | undefined {
  const raw = c.req.query(name)?.trim();
  if (!raw) return undefined;
  if (Array.from(raw).length > max) {
    throw new ServiceError('bad_request', `${name} must be at most ${max} characters.`, { [name]: `Use at most ${max} characters.` });
  }
  return raw;
}
