// First step of `npm start`: before building anything, make sure Electron's program is there;
// if not, say so at once in French and point to `npm run serve` (exit code 1).
// PORTEE_ELECTRON_DIR names another electron package folder (tests).
import path from 'node:path'
import { ELECTRON_MISSING, electronBinary } from './electron-binary.ts'

const electronDir =
  process.env['PORTEE_ELECTRON_DIR'] ??
  path.resolve(import.meta.dirname, '..', 'node_modules', 'electron')

if (electronBinary(electronDir) === null) {
  console.error(ELECTRON_MISSING)
  process.exit(1)
}
