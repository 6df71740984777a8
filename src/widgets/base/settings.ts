/**
 * What the loader tells the kit before it defines any element: the Frontdesk server (its script
 * tag's `data-api`, else its own origin) and the owner's message replacements (config `messages`,
 * which the server writes into the loader it serves).
 */
import type { Catalogue } from '../../shared/i18n/format.js';

export interface KitSettings {
  api?: string | undefined;
  /** By language, then key. */
  messages?: Record<string, Catalogue> | undefined;
}

export const settings: KitSettings = {};

export function configure(given: KitSettings): void {
  settings.api ||= given.api;
  settings.messages ??= given.messages;
}
