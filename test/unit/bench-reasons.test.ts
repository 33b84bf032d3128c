import { describe, expect, it } from 'vitest'
import type { Measure } from '../../bench/load.ts'
import {
  whyBelow,
  whyLoginsBelow,
  whyP99Above,
  whyStormSlower,
  whyUploadsBelow,
} from '../../bench/reasons.ts'

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

  it('gives the logins the share of a core the hashing thread had and what each cost it', () => {
    // One thread, 0,75 core; 1,5 logins a second: 500 ms of processor each, against 1000 ÷ 2,5 =
    // 400 at rest: 0,75 × the theory at that share, 0,60 × at that cost.
    const why = whyLoginsBelow(
      { rate: 1.5, theory: 2.5, workers: 1, hashing: 0.75, server: 0.9, bench: 0.35, cpus: 2 },
      0.8,
    )
    expect(why).toBe(
      'pendant la tempête, le hachage (1 fil) n’a eu que 0,75 cœur, le reste du serveur (les ' +
        'pages) 0,90 et le banc lui-même, qui envoie les deux charges, 0,35, sur 2 cœurs ; ' +
        'chaque connexion y a coûté 500 ms de processeur au hachage, contre 400 ms la machine au ' +
        'repos (la théorie) : 0,75 × la théorie à ce partage, 0,60 × à ce coût ; 0,80 × la ' +
        'théorie demande 0,80 cœur au hachage au coût de la théorie',
    )
  })

  it('gives the pages’ p99 during the storm the share of a core the event loop had', () => {
    const why = whyStormSlower(
      {
        slower: 2.17,
        calm: { main: 0.98, hashing: 0, bench: 0.3 },
        during: { main: 0.72, hashing: 0.78, bench: 0.22 },
        cpus: 2,
      },
      2,
    )
    expect(why).toBe(
      'la boucle d’événements du serveur, qui répond à chaque page, a eu 0,72 cœur pendant la ' +
        'tempête contre 0,98 au calme, le hachage en prenant 0,78 et le banc lui-même 0,22 (0,30 ' +
        'au calme), sur 2 cœurs : le p99 y est 2,17 × celui du calme, pour 2,00 × demandé',
    )
  })

  it('says nothing when the server’s processor time was not measured', () => {
    const accueil = measure({ cpuUs: 120 })
    expect(whyBelow(measure({}), { name: 'l’Accueil', measure: accueil }, 0.8)).toBeUndefined()
    expect(whyP99Above(measure({}), measure({}), 30)).toBeUndefined()
  })
})
