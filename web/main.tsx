import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './app/app.css';
import { dropStaticSignIn } from './features/session/static-sign-in';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
dropStaticSignIn();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
