/**
 * Arrow keys move the focus inside a group of options, which is one Tab stop (roving tabindex):
 * the next option is to the right or below (to the left in a right-to-left language), Home and
 * End go to the ends. Bind `onKeydown` on the group; its children are the options.
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element/reactive-controller.js';

/** How far an arrow key moves along a row of items, reading order considered; undefined for other keys. */
export function arrowStep(key: string, rtl: boolean): number | undefined {
  const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
  const back = rtl ? 'ArrowRight' : 'ArrowLeft';
  return key == forward || key == 'ArrowDown' ? 1 : key == back || key == 'ArrowUp' ? -1 : undefined;
}

export class RovingFocusController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly rtl: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  readonly onKeydown = (event: KeyboardEvent): void => {
    const options = [...(event.currentTarget as HTMLElement).children] as HTMLElement[];
    const at = options.indexOf(event.target as HTMLElement);
    const step = arrowStep(event.key, this.rtl());
    const next = options[event.key == 'Home' ? 0 : event.key == 'End' ? options.length - 1 : step == undefined ? -1 : at + step];
    if (!next || at < 0) return;
    event.preventDefault();
    options[at]!.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  };
}
