/** Delivers recorded events (email, webhooks). Filled in by the admin/notifications issue. */
import type { AppContext } from '../context.js';

export interface Notifier {
  wake(): void;
  stop(): Promise<void>;
}

export function startNotifier(_ctx: AppContext): Notifier {
  return { wake() {}, async stop() {} };
}
