import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type UserConfig } from 'vite'
import vuetify from 'vite-plugin-vuetify'
import { precompress } from './scripts/precompress.ts'

/** The build of one of the two Vue apps: its folder, where it goes under dist/, its size limit. */
export function appConfig(app: {
  root: URL
  outDir: string
  chunkSizeWarningLimit: number
}): UserConfig {
  return defineConfig({
    root: fileURLToPath(app.root),
    base: '/',
    // The assets also written gzipped and in brotli: the server sends those as they are.
    plugins: [vue(), vuetify({ autoImport: true }), precompress()],
    build: {
      outDir: fileURLToPath(new URL(`dist/${app.outDir}`, import.meta.url)),
      emptyOutDir: true,
      chunkSizeWarningLimit: app.chunkSizeWarningLimit,
      rolldownOptions: {
        // db/rules/ only declares (constants, functions, no I/O): a page that takes one message
        // from a rules file does not pull the rest of it, nor what it imports (the telephone
        // metadata of libphonenumber-js, 32 kB gzipped, is for the record forms only).
        treeshake: { moduleSideEffects: [{ test: /[\\/]db[\\/]rules[\\/]/, sideEffects: false }] },
      },
    },
  })
}
