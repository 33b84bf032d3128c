import { appConfig } from '../../vite.shared.config.ts'

// The family extranet: built into dist/extranet and served by the portal listener.
export default appConfig({
  root: new URL('.', import.meta.url),
  outDir: 'extranet',
  chunkSizeWarningLimit: 600,
})
