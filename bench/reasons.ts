// Why a goal of the bench is not met, from what the same run measured: the processor time each
// answer cost the server (Measure.cpuUs), against what the goal would allow. Printed under the
// table (issue « Performance »: every goal met, or the reason it is not).
import type { Measure } from './load.ts'

const us = (n: number) => Math.round(n).toLocaleString('fr-FR')
const times = (n: number) =>
  n.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

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
