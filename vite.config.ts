import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './scripts/build/precompress';

// The SPA lives in web/; the BFF serves the built files from dist/web in production.
// In development Vite proxies /api to a BFF started with `npm start`.
export default defineConfig({
  root: 'web',
  plugins: [react(), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.TERN_PORT ?? '8080'}` },
  },
});
