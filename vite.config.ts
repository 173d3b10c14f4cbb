import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client is built into client/dist and served by the twin itself; `npm run dev:client` proxies to it.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  // rapier is the server's: the browser imports the hazard definitions but never prepares one (a fall's drop is
  // simulated by the run), so the dynamic import of its physics is left out rather than built as a 4 MB chunk.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000, rolldownOptions: { external: ['@dimforge/rapier3d-compat'] } },
  server: {
    proxy: {
      '/api': 'http://localhost:2567',
      '/matchmake': 'http://localhost:2567',
      '/metrics': 'http://localhost:2567',
    },
  },
});
