// Runs before the first paint (a classic blocking script: the CSP allows no inline script).
// Kept tiny and dependency-free; web/features/session/static-sign-in.ts is its other half.
(function () {
  var root = document.documentElement;
  var onSignIn = location.pathname.indexOf('/sign-in') === 0;
  // Scripts run: the static form's "Tern needs JavaScript" stays hidden (a <noscript> is not shown when only the page's scripts are off).
  root.classList.add('boot-script');
  // The static sign-in form is for /sign-in only; elsewhere the app decides what to show.
  if (!onSignIn) root.classList.add('boot-not-sign-in');
  // The theme before the app's code applies it (web/app/theme.tsx): signed out follows the system.
  var theme = null;
  try {
    if (!onSignIn) theme = localStorage.getItem('tern:theme');
  } catch {
    // No storage: the system's theme.
  }
  if (theme !== 'light' && theme !== 'dark') theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  root.dataset.theme = theme;
  // Enter (or a click on "Sign in") before the app's code arrives: keep the submit for it, never post the form.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.closest || !form.closest('#static-sign-in')) return;
    event.preventDefault();
    form.dataset.pendingSubmit = 'true';
    var button = form.querySelector('button[type=submit]');
    if (button) button.setAttribute('aria-busy', 'true');
  }, true);
})();
