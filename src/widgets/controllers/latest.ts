/**
 * The latest request wins: each run aborts the one before it (AbortController), and the answer
 * of a request that was replaced is dropped, whether it arrives or fails. Also aborted when the
 * element leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element/reactive-controller.js';

export class LatestRequestController implements ReactiveController {
  #abort?: AbortController | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Stops the request in flight, if any: its answer will be dropped. */
  cancel(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  /**
   * Runs `request` with a fresh signal. Resolves to its answer, or to undefined when a later run
   * (or cancel) replaced it; rejects with its error only while it is still the latest.
   */
  async run<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.cancel();
    const abort = (this.#abort = new AbortController());
    try {
      const answer = await request(abort.signal);
      return abort.signal.aborted ? undefined : answer;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      throw error;
    } finally {
      if (this.#abort == abort) this.#abort = undefined;
    }
  }

  /** Whether a request is in flight. */
  get busy(): boolean {
    return !!this.#abort;
  }
}
