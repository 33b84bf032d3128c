import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../extranet/server/config.ts'

describe('STAFF_URL, the base of the links of staff mails', () => {
  const staffUrl = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: '/tmp/x', ...env }).staffUrl

  it('is the staff listener on loopback by default', () => {
    expect(staffUrl({})).toBe('http://127.0.0.1:8081')
    expect(staffUrl({ STAFF_PORT: '9000' })).toBe('http://127.0.0.1:9000')
  })

  it('names the host the back office listens on, unless it listens on every address', () => {
    expect(staffUrl({ STAFF_HOST: '192.168.1.20' })).toBe('http://192.168.1.20:8081')
    expect(staffUrl({ STAFF_HOST: '0.0.0.0' })).toBe('http://127.0.0.1:8081')
    expect(staffUrl({ STAFF_HOST: '::' })).toBe('http://127.0.0.1:8081')
    expect(staffUrl({ STAFF_HOST: '::1' })).toBe('http://[::1]:8081')
  })

  it('is STAFF_URL when set, without its trailing slash', () => {
    expect(staffUrl({ STAFF_URL: 'https://gestion.conservatoire.fr/' })).toBe(
      'https://gestion.conservatoire.fr',
    )
  })
})
