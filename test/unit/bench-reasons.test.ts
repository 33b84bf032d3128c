import { describe, expect, it } from 'vitest'
import type { Measure } from '../../bench/load.ts'
import { whyBelow, whyP99Above, whyUploadsBelow } from '../../bench/reasons.ts'

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

  it('bounds the uploads by the processor time they cost the server and the sender', () => {
    // 2 cores, 10 + 6 ms an upload of 2 MB: at most 2000 ÷ 16 = 125 uploads a second, 250 MB/s.
    // The bare server, 4 + 6 ms: 200 a second, 400 MB/s.
    const why = whyUploadsBelow(
      {
        portee: { mbps: 200, serverMs: 10, senderMs: 6 },
        bare: { mbps: 360, serverMs: 4, senderMs: 6 },
        copyMBps: 900,
        fileMB: 2,
        cpus: 2,
      },
      0.5,
    )
    expect(why).toBe(
      'chaque envoi coûte 10 ms de processeur à Portée (4 ms au serveur Hapi nu, qui ne fait que ' +
        'l’écrire) et 6 ms à l’envoyeur, le banc, sur les mêmes 2 cœurs : ces 2 cœurs ne ' +
        'permettent pas plus de 250 Mo/s à Portée (400 Mo/s au serveur nu), là où 0,50 × la copie ' +
        'en demande 450 ; le serveur nu en fait 0,40 × la copie, Portée 0,56 × ce serveur nu',
    )
  })

  it('says nothing when the server’s processor time was not measured', () => {
    const accueil = measure({ cpuUs: 120 })
    expect(whyBelow(measure({}), { name: 'l’Accueil', measure: accueil }, 0.8)).toBeUndefined()
    expect(whyP99Above(measure({}), measure({}), 30)).toBeUndefined()
  })
})
