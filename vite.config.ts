import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './scripts/build/precompress';

// The SPA lives in web/; the BFF serves the built files from dist/web in production.
// In development Vite proxies /api to a BFF started with `npm start`.
export default defineConfig({
  root: 'web',
  plugins: [
    react(),
    // Installable, and starts without the network (issue 16): the service worker
    // precaches the app shell and every code chunk. It never caches the API (no
    // runtime caching; /api, /dav and /.well-known are not app pages), and a new
    // version waits for the user ("Reload to update", web/app/update-prompt.tsx).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/icon.svg'],
      manifest: {
        name: 'Tern',
        short_name: 'Tern',
        description: 'Tern webmail: mail, contacts and calendar',
        start_url: '/mail',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#2563c9',
        icons: [
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/dav(\/|$)/, /^\/\.well-known\//],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        // Take over the pages open at the first install too, so "Reload to update" works there.
        clientsClaim: true,
      },
    }),
    // After the service worker is written, so every text file the build made is compressed.
    precompress(),
  ],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.TERN_PORT ?? '8080'}` },
  },
});
