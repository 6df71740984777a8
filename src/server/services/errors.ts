/** Moved to src/server/errors.ts (http/ throws it too); kept so that existing imports still work. */
export { notFound, ServiceError } from '../errors.js';
