/**
 * What a visitor typed survives a reload (sessionStorage), until it is sent. Only the fields
 * named here are saved, and only those are restored, each checked against the type it was saved
 * with: whatever else sits under the same storage key (another version, another script) is ignored.
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element/reactive-controller.js';

type Kind = 'string' | 'number' | 'object';

export class DraftController implements ReactiveController {
  /** The storage key, fixed when the draft is restored (the element's server may change later: a retry elsewhere). */
  #key?: string;

  constructor(
    private readonly host: ReactiveControllerHost & object,
    /** The storage key (the element and its server: two widgets of one kind share nothing else). */
    private readonly keyOf: () => string,
    /** Each saved field (a property of the host) and the type of its value. */
    private readonly fields: Record<string, Kind>,
    /** False once the draft has been sent: then it is forgotten. */
    private readonly keep: () => boolean,
  ) {
    host.addController(this);
  }

  /** After each render, from the moment the draft was restored: saved, or forgotten once sent. */
  hostUpdated(): void {
    if (!this.#key) return;
    if (this.keep()) this.save();
    else this.clear();
  }

  /** Restores the saved fields onto the element; returns whether there were any. */
  restore(): boolean {
    this.#key = this.keyOf();
    let saved: Record<string, unknown>;
    try {
      saved = JSON.parse(sessionStorage.getItem(this.#key) ?? 'null') ?? {};
    } catch {
      return false; // nothing kept, or no storage
    }
    let any = false;
    for (const [name, kind] of Object.entries(this.fields)) {
      const value = saved[name];
      if (typeof value == kind && value !== null && !Array.isArray(value)) {
        (this.host as Record<string, unknown>)[name] = value;
        any = true;
      }
    }
    return any;
  }

  save(): void {
    const values = Object.fromEntries(Object.keys(this.fields).map((name) => [name, (this.host as Record<string, unknown>)[name]]));
    try {
      sessionStorage.setItem(this.#key!, JSON.stringify(values));
    } catch {
      /* storage full or blocked: the form still works */
    }
  }

  clear(): void {
    try {
      sessionStorage.removeItem(this.#key!);
    } catch {
      /* blocked storage */
    }
  }
}
