// Keyboard helpers shared by the global shortcuts and the tables.
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

/** Cmd on macOS, Ctrl elsewhere: the modifier of the app's shortcuts. */
export function hasCommandModifier(event: KeyboardEvent | ReactKeyboardEvent): boolean {
  return event.metaKey || event.ctrlKey;
}

/** A key typed into a field belongs to the field, not to a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const COMMAND_KEY_LABEL = IS_MAC ? '⌘' : 'Ctrl';
