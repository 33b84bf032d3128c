import { readFileSync } from 'node:fs'
import semver from 'semver'
import { describe, expect, it } from 'vitest'

interface Lock {
  packages: Record<string, { engines?: { node?: string } | string[] }>
}

const root = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lock

describe('the Node.js version that package.json promises', () => {
  it('is accepted by every installed package (npm ci warns of none)', () => {
    const oldest = semver.minVersion(root.engines.node)?.version ?? ''
    const refusing = Object.entries(lock.packages)
      .filter(([name, info]) => {
        const wanted = Array.isArray(info.engines) ? undefined : info.engines?.node
        return name !== '' && wanted !== undefined && !semver.satisfies(oldest, wanted)
      })
      .map(([name]) => name)
    expect(oldest).toBe('20.19.0')
    expect(refusing).toEqual([])
  })
})
