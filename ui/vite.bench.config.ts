// Builds the render benchmark's bare sigma.js page into dist/bench/, beside the app.
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  base: './',
  root: resolve(__dirname, 'bench'),
  build: { outDir: resolve(__dirname, 'dist/bench'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: resolve(__dirname, 'bench/bare.html') } },
});
