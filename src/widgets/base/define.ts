/** Defines a custom element once: a second copy of the script (or a second bundle) is harmless. */
export function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}
