import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './app/app.css';
import { dropStaticSignIn } from './features/session/static-sign-in';
import { applyLanguage, startLanguage } from './lib/i18n/i18n';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
dropStaticSignIn();

function render(): void {
  createRoot(root!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// English is in the bundle: draw at once. Another language fetches its catalogs first, so the first paint is already in it.
const language = startLanguage();
if (language === 'en') {
  render();
  void applyLanguage(language).catch(() => undefined);
} else {
  void applyLanguage(language)
    .catch(() => undefined)
    .finally(render);
}
