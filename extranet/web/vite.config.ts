import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import vuetify from 'vite-plugin-vuetify'

// The family extranet: built into dist/extranet and served by the portal listener.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [vue(), vuetify({ autoImport: true })],
  build: {
    outDir: fileURLToPath(new URL('../../dist/extranet', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
})
