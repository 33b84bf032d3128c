import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { electronBinary } from '../../scripts/electron-binary.ts'

// `npm start` first runs scripts/check-electron.ts: without Electron's program it must stop at
// once, in French, and point to `npm run serve`, instead of building then crashing a minute later.

const root = path.resolve(import.meta.dirname, '..', '..')
const fakes = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-electron-'))
afterAll(() => fs.rmSync(fakes, { recursive: true, force: true }))

/** An electron package folder as `npm install` leaves it, with or without the program. */
function fakeElectron(name: string, withBinary: boolean): string {
  const dir = path.join(fakes, name)
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"electron","version":"39.0.0"}')
  if (withBinary) {
    fs.writeFileSync(path.join(dir, 'path.txt'), 'electron')
    fs.writeFileSync(path.join(dir, 'dist', 'electron'), '')
  }
  return dir
}

function check(electronDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORTEE_ELECTRON_DIR: electronDir }
  delete env['ELECTRON_OVERRIDE_DIST_PATH']
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-electron.ts'], {
    cwd: root,
    env,
    encoding: 'utf8',
  })
}

describe('npm start without Electron', () => {
  it('stops at once, in French, pointing to npm run serve', () => {
    const run = check(fakeElectron('missing', false))
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Electron n’est pas installé sur cette machine')
    expect(run.stderr).toContain('npm run serve')
    expect(run.stderr).not.toContain('node_modules/electron and try installing again')
  })

  it('goes on when the program is there', () => {
    const run = check(fakeElectron('present', true))
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
  })

  it('finds the program named by path.txt only when the file exists', () => {
    const dir = fakeElectron('named-but-gone', true)
    expect(electronBinary(dir, undefined)).toBe(path.join(dir, 'dist', 'electron'))
    fs.rmSync(path.join(dir, 'dist', 'electron'))
    expect(electronBinary(dir, undefined)).toBeNull()
  })

  it('is checked before anything is built', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
    expect(pkg.scripts.start).toMatch(/^tsx scripts\/check-electron\.ts && npm run build/)
  })
})
