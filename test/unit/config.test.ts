import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../extranet/server/config.ts'

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
