import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client is built into client/dist and served by the twin itself; `npm run dev:client` proxies to it.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/api': 'http://localhost:2567',
      '/matchmake': 'http://localhost:2567',
      '/metrics': 'http://localhost:2567',
    },
  },
});
