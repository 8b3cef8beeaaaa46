/**
 * index.html draws the sign-in form itself (issue 14), so it is usable before
 * the app's code arrives; web/public/boot.js keeps an early submit for later.
 * The app's sign-in page takes it over here, in the commit that draws its own
 * identical form (before the next paint: no layout jump): what was typed, the
 * focus and caret, and a submit the user already made. Both forms are
 * method=post: even with no script at all the password never goes into a URL.
 */
const STATIC_SIGN_IN_ID = 'static-sign-in';

/** Whether the user had submitted the static form (the caller sends it now) and whether a field of it had the focus. */
export interface AdoptedSignIn {
  pendingSubmit: boolean;
  focused: boolean;
}

export function adoptStaticSignIn(form: HTMLFormElement): AdoptedSignIn {
  const staticRoot = document.getElementById(STATIC_SIGN_IN_ID);
  const staticForm = staticRoot?.querySelector('form');
  if (!staticRoot || !staticForm) return { pendingSubmit: false, focused: false };
  let focused = false;
  for (const name of ['email', 'password']) {
    const from = staticForm.elements.namedItem(name);
    const to = form.elements.namedItem(name);
    if (!(from instanceof HTMLInputElement) || !(to instanceof HTMLInputElement)) continue;
    to.value = from.value;
    if (document.activeElement === from) {
      focused = true;
      to.focus();
      // An email field has no caret position to read or set (selectionStart is null).
      if (from.selectionStart !== null) to.setSelectionRange(from.selectionStart, from.selectionEnd);
    }
  }
  const pendingSubmit = staticForm.dataset.pendingSubmit === 'true';
  staticRoot.remove();
  return { pendingSubmit, focused };
}

/** Off /sign-in the static form was never shown (boot.js hid it): it goes before the app draws. */
export function dropStaticSignIn(): void {
  if (!window.location.pathname.startsWith('/sign-in')) document.getElementById(STATIC_SIGN_IN_ID)?.remove();
}
