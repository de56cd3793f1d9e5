// Builds the web app (src/web) into dist/web, which `quotaplan serve` serves; in development
// (`npm run dev:web`) Vite serves it and forwards /api to a running `quotaplan serve`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.QUOTAPLAN_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
});
