import { describe, expect, it } from 'vitest'
import type { Measure } from '../../bench/load.ts'
import { whyBelow, whyP99Above } from '../../bench/reasons.ts'

const measure = (m: Partial<Measure>): Measure => ({
  rps: 1000,
  p50: 10,
  p99: 20,
  failures: 0,
  requests: 5000,
  ...m,
})

describe('why a goal of the bench is not met', () => {
  it('compares the processor time of an answer with what the ratio allows', () => {
    const accueil = measure({ cpuUs: 120 })
    expect(whyBelow(measure({ cpuUs: 240 }), { name: 'l’Accueil', measure: accueil }, 0.8)).toBe(
      'chaque réponse coûte au serveur 240 µs de processeur, contre 120 µs pour l’Accueil : ' +
        '0,80 × l’Accueil en demanderait au plus 150 µs',
    )
  })

  it('derives from the spread of p99 over p50 the processor time a p99 limit asks', () => {
    const hello = measure({ p50: 1, p99: 2 })
    // p99 = 2 × p50: 30 ms asks for p50 ≤ 15 ms, 3/4 of the 20 ms measured, so 450 of 600 µs.
    expect(whyP99Above(measure({ p50: 20, p99: 40, cpuUs: 600 }), hello, 30)).toBe(
      'p99 = 2,00 × p50 ici (2,00 × pour le témoin) : p99 ≤ 30 ms demanderait p50 ≤ 15 ms, ' +
        'soit au plus 450 µs de processeur par réponse ; celle-ci en coûte 600',
    )
  })

  it('says nothing when the server’s processor time was not measured', () => {
    const accueil = measure({ cpuUs: 120 })
    expect(whyBelow(measure({}), { name: 'l’Accueil', measure: accueil }, 0.8)).toBeUndefined()
    expect(whyP99Above(measure({}), measure({}), 30)).toBeUndefined()
  })
})
