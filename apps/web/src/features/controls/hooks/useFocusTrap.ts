import { type RefObject, useEffect } from 'react';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), a[href], select:not([disabled]), textarea:not([disabled])';

/**
 * Opens `dialog` as a modal (the page behind becomes inert), focuses `initial`, keeps Tab and Shift+Tab inside
 * the dialog, and restores focus to what had it before when the dialog goes away.
 */
export function useFocusTrap(
  dialog: RefObject<HTMLDialogElement | null>,
  initial: RefObject<HTMLElement | null>,
) {
  useEffect(() => {
    const element = dialog.current;
    if (!element) {
      return;
    }
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!element.open) {
      element.showModal();
    }
    initial.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') {
        return;
      }
      const items = [...element.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = items[0];
      const last = items.at(-1);
      if (!first || !last) {
        return;
      }
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    element.addEventListener('keydown', onKeyDown);
    return () => {
      element.removeEventListener('keydown', onKeyDown);
      if (element.open) {
        element.close();
      }
      before?.focus();
    };
  }, [dialog, initial]);
}
