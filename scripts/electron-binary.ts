// Where Electron's program is, if it is installed: `npm install` with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 leaves the electron package without it (no path.txt, no dist/).
import fs from 'node:fs'
import path from 'node:path'

/** The path of Electron's program under this electron package folder, or null when it is missing. */
export function electronBinary(
  electronDir: string,
  overrideDistPath: string | undefined = process.env['ELECTRON_OVERRIDE_DIST_PATH'],
): string | null {
  const pathFile = path.join(electronDir, 'path.txt')
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : ''
  const binary = overrideDistPath
    ? path.join(overrideDistPath, executable || 'electron')
    : executable && path.join(electronDir, 'dist', executable)
  return binary && fs.existsSync(binary) ? binary : null
}

/** What `npm start` says at once when Electron's program is missing. */
export const ELECTRON_MISSING = [
  'Electron n’est pas installé sur cette machine : l’application de bureau ne peut pas s’ouvrir ici.',
  '`npm run serve` lance la même application dans un navigateur (avec la démo : `DEMO=1 npm run serve`) :',
  'le back office sur http://127.0.0.1:8081, l’extranet des familles sur http://localhost:8080.',
  'Pour installer Electron, là où il peut être téléchargé : `node node_modules/electron/install.js`.',
].join('\n')
