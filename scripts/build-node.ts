// Bundles the Node side for Electron and installers: the server (ESM) and its hash worker, the
// Electron main process and preload (CommonJS). node_modules stay outside the bundles.
import { build } from 'esbuild'

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'info',
} as const

await build({
  ...common,
  entryPoints: { main: 'extranet/server/main.ts', 'hash-worker': 'extranet/server/hash-worker.ts' },
  outdir: 'dist/server',
  format: 'esm',
  packages: 'external',
})

await build({
  ...common,
  entryPoints: { main: 'electron/main.ts', preload: 'electron/preload.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  external: ['electron'],
  packages: 'external',
})
