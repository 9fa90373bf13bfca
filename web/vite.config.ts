import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Four pages: the customer's join page (/join), the "not me" page (/not-me), the agent console (/console) and a small index.
// Each page loads only its own code; MSAL is loaded on demand, in Entra mode only.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  server: { host: 'localhost', port: 5173, strictPort: true },
  preview: { host: 'localhost', port: 5173, strictPort: true },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        join: resolve(import.meta.dirname, 'join.html'),
        'not-me': resolve(import.meta.dirname, 'not-me.html'),
        console: resolve(import.meta.dirname, 'console.html'),
      },
    },
  },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
