import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the API on the admin port (same origin). `vite dev` proxies the admin API and the
// live feed to a local API on :3001.
const adminOrigin = 'http://localhost:3001';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@web': `${import.meta.dirname}/src` } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      // The service worker is a second entry, at a fixed path (`/sw.js`): its scope is the console's root.
      input: { index: `${import.meta.dirname}/index.html`, sw: `${import.meta.dirname}/src/sw/service-worker.ts` },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: {
      '/admin': adminOrigin,
      '/socket.io': { target: adminOrigin, ws: true },
    },
  },
});
