// `npm start` runs the server in Electron's utilityProcess, whose Node has another ABI than the
// Node of `npm run serve` and the tests. This builds better-sqlite3 for the installed Electron into
// .cache/electron-native, once per Electron version, and leaves node_modules as they are.
// (Installers need none of this: electron-builder rebuilds the packaged copy itself.)
import fs from 'node:fs'
import path from 'node:path'
import { rebuild } from '@electron/rebuild'

const root = path.resolve(import.meta.dirname, '..')
const target = path.join(root, '.cache', 'electron-native')
const electronVersion = (
  JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ) as {
    version: string
  }
).version
const marker = path.join(target, 'electron-version')

const ELECTRON_SQLITE_BINDING = path.join(
  target,
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
)

if (
  fs.existsSync(marker) &&
  fs.readFileSync(marker, 'utf8') === electronVersion &&
  fs.existsSync(ELECTRON_SQLITE_BINDING)
) {
  console.log(`better-sqlite3 est déjà construit pour Electron ${electronVersion}.`)
} else {
  console.log(`Construction de better-sqlite3 pour Electron ${electronVersion}…`)
  fs.rmSync(target, { recursive: true, force: true })
  fs.mkdirSync(path.join(target, 'node_modules'), { recursive: true })
  fs.cpSync(
    path.join(root, 'node_modules', 'better-sqlite3'),
    path.join(target, 'node_modules', 'better-sqlite3'),
    {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}build${path.sep}`),
    },
  )
  fs.writeFileSync(
    path.join(target, 'package.json'),
    JSON.stringify({
      name: 'portee-electron-native',
      private: true,
      dependencies: { 'better-sqlite3': '*' },
    }),
  )
  await rebuild({
    buildPath: target,
    electronVersion,
    onlyModules: ['better-sqlite3'],
    force: true,
  })
  fs.writeFileSync(marker, electronVersion)
}
