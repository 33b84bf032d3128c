import { describe, expect, it } from 'vitest'
import { payfipConfig } from '../../extranet/server/config.ts'
import { dayOfDattrans, objetOf, refdetOf, stateOfResultrans } from '../../db/rules/payfip.ts'

describe('PayFiP’s addresses', () => {
  it('are DGFiP’s outside the demo, with no simulator', () => {
    expect(payfipConfig({}, 'https://portail.example.org')).toEqual({
      wsUrl: 'https://www.payfip.gouv.fr/tpa/services/securite',
      pageUrl: 'https://www.payfip.gouv.fr/tpa/paiementws.web',
      simulator: false,
    })
  })

  it('are the simulator’s on the portal in the demo, or with PAYFIP_SIMULATOR=1', () => {
    const local = {
      wsUrl: 'http://localhost:8080/payfip-simulateur/ws',
      pageUrl: 'http://localhost:8080/payfip-simulateur/paiement',
      simulator: true,
    }
    expect(payfipConfig({ DEMO: '1' }, 'http://localhost:8080')).toEqual(local)
    expect(payfipConfig({ PAYFIP_SIMULATOR: '1' }, 'http://localhost:8080')).toEqual(local)
  })

  it('are the ones given, in the demo too', () => {
    const env = {
      DEMO: '1',
      PAYFIP_WS_URL: 'https://ws.test/securite',
      PAYFIP_PAGE_URL: 'https://p.test/page',
    }
    expect(payfipConfig(env, 'http://localhost:8080')).toEqual({
      wsUrl: 'https://ws.test/securite',
      pageUrl: 'https://p.test/page',
      simulator: true,
    })
  })
})

describe('PayFiP’s words', () => {
  it('reads resultrans: P and V paid, R and Z refused, A abandoned, nothing else', () => {
    expect(['P', 'V', 'R', 'Z', 'A', '', 'X'].map(stateOfResultrans)).toEqual([
      'paid',
      'paid',
      'refused',
      'refused',
      'abandoned',
      null,
      null,
    ])
  })

  it('reads dattrans (DDMMYYYY) as a day, and refuses what is not one', () => {
    expect(dayOfDattrans('01122026')).toBe('2026-12-01')
    expect(dayOfDattrans('31022026')).toBeNull()
    expect(dayOfDattrans('2026-12-01')).toBeNull()
  })

  it('gives each attempt a reference of letters and digits, and an objet without accents', () => {
    expect(refdetOf('2026-F-000123', 2)).toBe('2026F000123P2')
    expect(objetOf('Facture 2026-F-000123 — Élève d’été')).toBe('Facture 2026 F 000123 Eleve d ete')
  })
})
