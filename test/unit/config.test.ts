import os from 'node:os'
import { describe, expect, it } from 'vitest'
import {
  defaultHashNiceness,
  defaultHashWorkers,
  loadConfig,
} from '../../extranet/server/config.ts'

describe('STAFF_URL, the back office’s address', () => {
  it('is its own listener’s by default, on loopback when it listens everywhere', () => {
    expect(loadConfig({}).staffUrl).toBe('http://127.0.0.1:8081')
    expect(loadConfig({ STAFF_HOST: '0.0.0.0', STAFF_PORT: '9000' }).staffUrl).toBe(
      'http://127.0.0.1:9000',
    )
    expect(loadConfig({ STAFF_HOST: '192.168.1.20' }).staffUrl).toBe('http://192.168.1.20:8081')
    expect(loadConfig({ STAFF_HOST: '::1' }).staffUrl).toBe('http://[::1]:8081')
  })

  it('is STAFF_URL when set, without its trailing slash', () => {
    expect(loadConfig({ STAFF_URL: 'https://secretariat.example.org/' }).staffUrl).toBe(
      'https://secretariat.example.org',
    )
  })
})

describe('the bcrypt workers', () => {
  it('leave a processor to the event loop: at least one, 4 at most', () => {
    expect([1, 2, 3, 4, 8, 64].map(defaultHashWorkers)).toEqual([1, 1, 2, 3, 4, 4])
  })

  it('are counted from the machine’s processors', () => {
    const cpus = os.availableParallelism()
    const config = loadConfig({})
    expect(config.hashWorkers).toBe(defaultHashWorkers(cpus))
    expect(config.hashNiceness).toBe(defaultHashNiceness(cpus, config.hashWorkers))
  })

  it('keep the event loop’s priority while it has a processor of its own, a lower one otherwise', () => {
    expect([1, 2, 4, 8].map((cpus) => defaultHashNiceness(cpus, defaultHashWorkers(cpus)))).toEqual(
      [10, 0, 0, 0],
    )
  })
})
