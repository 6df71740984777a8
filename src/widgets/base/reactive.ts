/**
 * The reactive element every widget is built on: Lit's model (declared reactive properties,
 * attributes converted to them, batched asynchronous updates, lit-html templates into a shadow
 * root, constructable stylesheets, reactive controllers, `updateComplete`) without LitElement's
 * general machinery, which would cost every page of the kit ~2 KB gzip more than this does. The
 * lifecycle is Lit's: `scheduleUpdate` → controllers' `hostUpdate` → `willUpdate(changed)` →
 * render → controllers' `hostUpdated` → `firstUpdated(changed)` once → `updated(changed)`.
 * The admin page, which has no budget, uses LitElement itself.
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element/reactive-controller.js';
import { render } from 'lit-html';

export interface PropertyOptions {
  /** The attribute's name (default: the property's, lower-cased); false for none. */
  attribute?: string | false;
  /** Number: the attribute is read as a number. Anything else: as text. */
  type?: NumberConstructor;
  /** Write the property back to its attribute after each update (for CSS selectors). */
  reflect?: boolean;
  /** Internal state: no attribute, still re-renders when it changes. */
  state?: boolean;
}

export type PropertyDeclarations = Record<string, PropertyOptions>;
export type PropertyValues = Map<PropertyKey, unknown>;

interface Finalized {
  /** attribute → property */
  attributes: Map<string, string>;
  properties: Map<string, PropertyOptions>;
}

const finalized = new WeakMap<object, Finalized>();

export class ReactiveElement extends HTMLElement implements ReactiveControllerHost {
  static properties: PropertyDeclarations = {};
  static styles: CSSStyleSheet[] = [];

  /** Every reactive property of this class and its ancestors, with an accessor on the prototype. */
  static finalize(): Finalized {
    let done = finalized.get(this);
    if (done) return done;
    const parent = Object.getPrototypeOf(this) as typeof ReactiveElement;
    const inherited = parent.finalize ? parent.finalize() : { attributes: new Map(), properties: new Map() };
    done = { attributes: new Map(inherited.attributes), properties: new Map(inherited.properties) };
    for (const [name, options] of Object.entries(Object.hasOwn(this, 'properties') ? this.properties : {})) {
      done.properties.set(name, options);
      const attribute = options.state ? false : (options.attribute ?? name.toLowerCase());
      if (attribute) done.attributes.set(attribute, name);
      Object.defineProperty(this.prototype, name, {
        get(this: ReactiveElement) {
          return this.#values.get(name);
        },
        set(this: ReactiveElement, value: unknown) {
          const old = this.#values.get(name);
          if (old === value || (old !== old && value !== value)) return;
          this.#values.set(name, value);
          this.requestUpdate(name, old);
        },
        configurable: true,
      });
    }
    finalized.set(this, done);
    return done;
  }

  static get observedAttributes(): string[] {
    return [...this.finalize().attributes.keys()];
  }

  /** Where the templates render: the open shadow root. */
  renderRoot!: ShadowRoot;
  hasUpdated = false;

  #values = new Map<string, unknown>();
  #changed: PropertyValues = new Map();
  #controllers = new Set<ReactiveController>();
  /** Reflected properties changed since the last update (written back to their attributes). */
  #reflect = new Set<string>();
  #pending = false;
  #updated: Promise<unknown> = Promise.resolve(true);
  #connect!: () => void;
  #connected = new Promise<void>((resolve) => (this.#connect = resolve));
  /** The property being set from its attribute (not reflected back). */
  #fromAttribute?: string;

  constructor() {
    super();
    const { properties } = (this.constructor as typeof ReactiveElement).finalize();
    // A property set on the element before it was defined hides the accessor: move it behind it.
    for (const name of properties.keys()) {
      if (Object.hasOwn(this, name)) {
        const value = (this as Record<string, unknown>)[name];
        delete (this as Record<string, unknown>)[name];
        (this as Record<string, unknown>)[name] = value;
      }
    }
    this.requestUpdate();
  }

  addController(controller: ReactiveController): void {
    this.#controllers.add(controller);
    if (this.renderRoot && this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller);
  }

  connectedCallback(): void {
    if (!this.renderRoot) {
      this.renderRoot = this.attachShadow({ mode: 'open' });
      this.renderRoot.adoptedStyleSheets = (this.constructor as typeof ReactiveElement).styles;
    }
    this.#controllers.forEach((c) => c.hostConnected?.());
    this.#connect();
  }

  disconnectedCallback(): void {
    this.#controllers.forEach((c) => c.hostDisconnected?.());
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    const { attributes, properties } = (this.constructor as typeof ReactiveElement).finalize();
    const name = attributes.get(attribute);
    if (!name) return;
    this.#fromAttribute = name;
    (this as Record<string, unknown>)[name] = properties.get(name)!.type === Number && value !== null ? Number(value) : value;
    this.#fromAttribute = undefined;
  }

  /** Asks for an update (batched: every change made before the next microtask renders once). */
  requestUpdate(name?: string, old?: unknown): void {
    if (name !== undefined && !this.#changed.has(name)) this.#changed.set(name, old);
    if (name && this.#fromAttribute !== name && (this.constructor as typeof ReactiveElement).finalize().properties.get(name)?.reflect)
      this.#reflect.add(name);
    if (this.#pending) return;
    this.#pending = true;
    this.#updated = this.#update();
  }

  async #update(): Promise<unknown> {
    await this.#connected;
    const waiting = this.scheduleUpdate();
    if (waiting) await waiting;
    const changed = this.#changed;
    this.#controllers.forEach((c) => c.hostUpdate?.());
    this.willUpdate(changed);
    this.#changed = new Map();
    this.#pending = false;
    for (const name of this.#reflect) {
      const value = (this as Record<string, unknown>)[name];
      const attribute = (this.constructor as typeof ReactiveElement).finalize().properties.get(name)!.attribute || name.toLowerCase();
      if (value == null) this.removeAttribute(attribute);
      else this.setAttribute(attribute, String(value));
    }
    this.#reflect.clear();
    render(this.render(), this.renderRoot, { host: this });
    this.#controllers.forEach((c) => c.hostUpdated?.());
    if (!this.hasUpdated) {
      this.hasUpdated = true;
      this.firstUpdated(changed);
    }
    this.updated(changed);
    return true;
  }

  /** Resolves once no update is pending (after one that a later change started, too). */
  get updateComplete(): Promise<boolean> {
    return this.#updated.then(() => (this.#pending ? this.updateComplete : true));
  }

  /** Override to wait for something before rendering (return a promise); by default, nothing. */
  protected scheduleUpdate(): void | Promise<unknown> {}

  protected willUpdate(_changed: PropertyValues): void {}

  protected render(): unknown {
    return undefined;
  }

  protected firstUpdated(_changed: PropertyValues): void {}

  protected updated(_changed: PropertyValues): void {}
}
