import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { staffLogin } from '../support/api.ts'
import { startTestServer } from '../support/server.ts'

// What reaches the listeners before any route: requests that take too long to arrive, and the
// back office served through HTTPS.

/** Sends the headers of a POST and half its body, then nothing: the server's whole answer. */
function stalledPost(url: string, path: string): Promise<{ answer: string; closed: boolean }> {
  const { hostname, port, host } = new URL(url)
  const body = JSON.stringify({ login: 'dupont1', password: 'Portee-Demo-2026', siteId: 1 })
  return new Promise((resolve, reject) => {
    let answer = ''
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${body.length}\r\n\r\n${body.slice(0, body.length / 2)}`,
      )
    })
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (answer += chunk))
    socket.on('error', reject)
    // The server closes the connection once it has answered.
    socket.on('close', () => resolve({ answer, closed: true }))
  })
}

describe('a request whose body stalls half-way', () => {
  it('gets 408 in French on both listeners, and its connection is closed', async () => {
    const s = await startTestServer({
      demoFamilies: 0,
      listen: true,
      config: (c) => ({ ...c, requestTimeouts: { requestMs: 300, idleSocketMs: 60_000 } }),
    })
    try {
      for (const [url, path] of [
        [s.portalUrl, '/api/family/session'],
        [s.staffUrl, '/api/staff/session'],
        [s.portalUrl, '/api/nulle-part'],
      ] as const) {
        const started = Date.now()
        const { answer, closed } = await stalledPost(url, path)
        expect(answer, `${url}${path}`).toMatch(/^HTTP\/1\.1 408 /)
        expect(answer).toMatch(/\r\nconnection: close\r\n/i)
        const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))
        expect(body).toEqual({
          statusCode: 408,
          code: 'TIMEOUT',
          message:
            'Les données envoyées sont arrivées trop lentement : la demande est abandonnée. Réessayez.',
          details: {},
        })
        expect(closed).toBe(true)
        expect(Date.now() - started).toBeLessThan(10_000)
      }
      expect(await s.db('sessions')).toHaveLength(0)
    } finally {
      await s.close()
    }
  })
})

describe('the back office reached through HTTPS (STAFF_URL)', () => {
  it('sends HSTS and a Secure __Host- cookie, and takes changes from its HTTPS pages', async () => {
    const s = await startTestServer({
      demoFamilies: 0,
      config: (c) => ({ ...c, staffUrl: 'https://secretariat.example.org' }),
    })
    try {
      const fromItsPage = {
        headers: { origin: 'https://secretariat.example.org', 'sec-fetch-site': 'same-origin' },
      }
      const login = await s.staff.inject({
        method: 'POST',
        url: '/api/staff/session',
        payload: { login: 'admin', password: 'Portee-Demo-2026' },
        ...fromItsPage,
      })
      expect(login.statusCode).toBe(204)
      const cookie = String(login.headers['set-cookie'])
      expect(cookie).toMatch(/^__Host-portee_staff=/)
      expect(cookie).toContain('Secure')
      expect(cookie).toContain('Path=/')
      expect(cookie).not.toContain('Domain=')
      expect(login.headers['strict-transport-security']).toBe('max-age=31536000')
    } finally {
      await s.close()
    }
  })

  it('keeps a plain cookie and no HSTS over HTTP (the default: 127.0.0.1)', async () => {
    const s = await startTestServer({ demoFamilies: 0 })
    try {
      expect(s.config.staffUrl).toBe('http://127.0.0.1:0')
      const login = await staffLogin(s)
      expect(String(login.headers['set-cookie'])).toMatch(/^portee_staff=/)
      expect(String(login.headers['set-cookie'])).not.toContain('Secure')
      expect(login.headers['strict-transport-security']).toBeUndefined()
    } finally {
      await s.close()
    }
  })
})
