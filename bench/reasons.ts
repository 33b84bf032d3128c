// Why a goal of the bench is not met, from what the same run measured: the processor time each
// answer cost the server (Measure.cpuUs), against what the goal would allow. Printed under the
// table (issue « Performance »: every goal met, or the reason it is not).
import type { Measure } from './load.ts'

const us = (n: number) => Math.round(n).toLocaleString('fr-FR')
const times = (n: number) =>
  n.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
/** A share of the processors, in cores: « 0,75 ». */
const cores = times

/**
 * A throughput below `goal` × a reference measured in the same run (the Accueil, or the bare
 * Hapi server): on one Node thread, throughput follows the processor time of an answer.
 */
export function whyBelow(
  m: Measure,
  reference: { name: string; measure: Measure },
  goal: number,
): string | undefined {
  const own = m.cpuUs
  const ref = reference.measure.cpuUs
  if (own === undefined || ref === undefined) return undefined
  return (
    `chaque réponse coûte au serveur ${us(own)} µs de processeur, contre ${us(ref)} µs pour ` +
    `${reference.name} : ${times(goal)} × ${reference.name} en demanderait au plus ${us(ref / goal)} µs`
  )
}

/**
 * A p99 above `limitMs` at 50 connections: on one Node thread the connections wait their turn,
 * so p50 follows the processor time of an answer, and p99 is some multiple of p50 on every route,
 * the bare Hapi server's included. The limit asks for p50 ≤ limit ÷ that multiple, hence for the
 * processor time that would give such a p50.
 */
export function whyP99Above(m: Measure, baseline: Measure, limitMs: number): string | undefined {
  if (m.cpuUs === undefined || m.p50 <= 0 || baseline.p50 <= 0) return undefined
  const spread = m.p99 / m.p50
  const wantedP50 = limitMs / spread
  return (
    `p99 = ${times(spread)} × p50 ici (${times(baseline.p99 / baseline.p50)} × pour le témoin) : ` +
    `p99 ≤ ${limitMs} ms demanderait p50 ≤ ${wantedP50.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ms, ` +
    `soit au plus ${us((m.cpuUs * wantedP50) / m.p50)} µs de processeur par réponse ; ` +
    `celle-ci en coûte ${us(m.cpuUs)}`
  )
}

/** The uploads of the same files, to Portée and to the bare Hapi server, as the bench measured them. */
export interface UploadsCompared {
  portee: { mbps: number; serverMs: number; senderMs: number }
  bare: { mbps: number; serverMs: number; senderMs: number }
  copyMBps: number
  /** The size of each file sent (MB, as the rates count them) and the machine's processors. */
  fileMB: number
  cpus: number
}

/**
 * Uploads below `goal` × a plain copy: the copy costs the processor next to nothing (the system
 * copies the file), an upload over HTTP costs both the sender and the server for every byte. With
 * the sender on the same processors, the processor time of an upload, both sides, bounds the
 * rate at cpus ÷ (server + sender) uploads per second, whatever the disk does.
 */
export function whyUploadsBelow(u: UploadsCompared, goal: number): string {
  const ms = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 1 })
  const bound = (side: UploadsCompared['portee']) =>
    ((u.cpus * 1000) / (side.serverMs + side.senderMs)) * u.fileMB
  return (
    `chaque envoi coûte ${ms(u.portee.serverMs)} ms de processeur à Portée ` +
    `(${ms(u.bare.serverMs)} ms au serveur Hapi nu, qui ne fait que l’écrire) et ` +
    `${ms(u.portee.senderMs)} ms à l’envoyeur, le banc, sur les mêmes ${u.cpus} cœurs : ` +
    `ces ${u.cpus} cœurs ne permettent pas plus de ${us(bound(u.portee))} Mo/s à Portée ` +
    `(${us(bound(u.bare))} Mo/s au serveur nu), là où ${times(goal)} × la copie en demande ` +
    `${us(goal * u.copyMBps)} ; le serveur nu en fait ${times(u.bare.mbps / u.copyMBps)} × la copie, ` +
    `Portée ${times(u.portee.mbps / u.bare.mbps)} × ce serveur nu`
  )
}

/** How the processors were shared during the login storm, in cores (processor time ÷ its length). */
export interface StormShares {
  /** Logins per second, and what the pool would do with a whole core per thread. */
  rate: number
  theory: number
  workers: number
  /** The hashing threads; the rest of the server (its event loop, V8's threads); the bench. */
  hashing: number
  server: number
  bench: number
  cpus: number
}

/**
 * Logins below `goal` × the pool's theory: the theory gives each hashing thread a whole core, and
 * a verification the time it takes on a machine at rest. During the storm the hashing threads run
 * only part of the time (the pages and the bench itself, which sends both loads, share the same
 * processors), and a verification may cost them more processor time than at rest (two processors
 * of a virtual machine often share one core).
 */
export function whyLoginsBelow(s: StormShares, goal: number): string {
  const threads = s.workers === 1 ? '1 fil' : `${s.workers} fils`
  const perLoginMs = (s.hashing * 1000) / s.rate
  const atRestMs = (s.workers * 1000) / s.theory
  return (
    `pendant la tempête, le hachage (${threads}) n’a eu que ${cores(s.hashing)} cœur, le reste du ` +
    `serveur (les pages) ${cores(s.server)} et le banc lui-même, qui envoie les deux charges, ` +
    `${cores(s.bench)}, sur ${s.cpus} cœurs ; chaque connexion y a coûté ${us(perLoginMs)} ms de ` +
    `processeur au hachage, contre ${us(atRestMs)} ms la machine au repos (la théorie) : ` +
    `${times(s.hashing / s.workers)} × la théorie à ce partage, ${times(s.rate / s.theory)} × à ce ` +
    `coût ; ${times(goal)} × la théorie demande ${cores(goal * s.workers)} cœur au hachage au coût ` +
    `de la théorie`
  )
}

/** The processors' shares over one measure (cores), as `sharesSince` (bench/run.ts) gives them. */
export interface Shares {
  /** The server's main thread: its event loop, which answers every page. */
  main: number
  hashing: number
  bench: number
}

/**
 * The Accueil's p99 during the storm above `goal` × calm: on one Node thread the pages wait their
 * turn on the event loop, and the event loop had less of a core during the storm, the hashing
 * threads and the bench (which sends both loads) taking the rest of the processors.
 */
export function whyStormSlower(
  s: { slower: number; calm: Shares; during: Shares; cpus: number },
  goal: number,
): string {
  return (
    `la boucle d’événements du serveur, qui répond à chaque page, a eu ${cores(s.during.main)} ` +
    `cœur pendant la tempête contre ${cores(s.calm.main)} au calme, le hachage en prenant ` +
    `${cores(s.during.hashing)} et le banc lui-même ${cores(s.during.bench)} ` +
    `(${cores(s.calm.bench)} au calme), sur ${s.cpus} cœurs : le p99 y est ${times(s.slower)} × ` +
    `celui du calme, pour ${times(goal)} × demandé`
  )
}
