import { appConfig } from '../vite.shared.config.ts'

// The staff back office: built into dist/renderer, served by the staff listener (and shown by Electron).
export default appConfig({
  root: new URL('.', import.meta.url),
  outDir: 'renderer',
  chunkSizeWarningLimit: 900,
})
