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
  // The static form in the language the app will choose (web/lib/i18n/i18n.ts startLanguage()), so a German or
  // Arabic browser never sees English first. Keyed by index.html's English; the session catalog's translations
  // (tests/unit/boot-language.test.ts keeps them equal).
  var SIGN_IN_TEXTS = {
    'Sign in to your mail': { de: 'Bei Ihrem Postfach anmelden', ar: 'سجّل الدخول إلى بريدك' },
    'Email address': { de: 'E-Mail-Adresse', ar: 'عنوان البريد الإلكتروني' },
    Password: { de: 'Passwort', ar: 'كلمة المرور' },
    'Sign in': { de: 'Anmelden', ar: 'تسجيل الدخول' },
  };
  var RIGHT_TO_LEFT = { ar: true };
  var language = null;
  try {
    language = localStorage.getItem('tern:language');
  } catch {
    // No storage: the browser's languages.
  }
  if (language !== 'en' && language !== 'de' && language !== 'ar') {
    var wanted = navigator.languages || [navigator.language];
    language = 'en';
    for (var i = 0; i < wanted.length; i++) {
      var base = String(wanted[i] || '').toLowerCase().split('-')[0];
      if (base === 'en' || base === 'de' || base === 'ar') {
        language = base;
        break;
      }
    }
  }
  root.lang = language;
  root.dir = RIGHT_TO_LEFT[language] ? 'rtl' : 'ltr';
  // The form is parsed after this script: translated as soon as its last element is in, before the next paint
  // (a MutationObserver's callback runs before the browser renders what the parser added).
  function translateStaticSignIn() {
    if (!document.querySelector('#static-sign-in button[type=submit]')) return false;
    var texts = document.querySelectorAll('#static-sign-in p, #static-sign-in label, #static-sign-in button');
    for (var j = 0; j < texts.length; j++) {
      var entry = SIGN_IN_TEXTS[texts[j].textContent.trim()];
      if (entry && entry[language]) texts[j].textContent = entry[language];
    }
    return true;
  }
  if (language !== 'en' && !translateStaticSignIn()) {
    var observer = new MutationObserver(function () {
      if (translateStaticSignIn()) observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true });
  }
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
