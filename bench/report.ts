// What a benchmark run found: printed as a table (French, as the README shows it) and written as JSON
// in bench/results/, one file per run, with the machine it ran on.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Measure } from './load.ts'

export interface Row {
  section: string
  label: string
  /** The route or operation measured. */
  what: string
  families?: number
  measure?: Measure
  /** Requests per second as a ratio to the baseline of the same run. */
  ratio?: number
  /** A figure that is not a throughput (seconds, MB, kB…), with its unit. */
  value?: { amount: number; unit: string }
  goal?: string
  /** Whether the goal is met; undefined when the row has none. */
  met?: boolean
  /** Why a goal is not met, from what the same run measured (bench/reasons.ts). */
  why?: string
}

export interface RunReport {
  date: string
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string }
  loadAverage: number[]
  durationSeconds: number
  connections: number
  /** The sections asked for (BENCH_ONLY); empty: all of them. */
  only: string[]
  rows: Row[]
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits })

export class Report {
  readonly rows: Row[] = []

  constructor(
    private readonly durationSeconds: number,
    private readonly connections: number,
    private readonly only: readonly string[] = [],
  ) {}

  add(row: Row): Row {
    this.rows.push(row)
    console.log(`   ${line(row)}`)
    return row
  }

  get allMet(): boolean {
    return this.rows.every((row) => row.met !== false)
  }

  /**
   * The table of the README: one line per row, goals and whether they are met; then, for each goal
   * not met, why.
   */
  markdown(): string {
    const head = [
      'Mesure',
      'Familles',
      'req/s',
      'p50',
      'p99',
      'µs/req',
      'rapport',
      'valeur',
      'objectif',
      '',
    ]
    const lines = [head, head.map(() => '---')]
    for (const row of this.rows) {
      const m = row.measure
      lines.push([
        `${row.section} — ${row.label}`,
        row.families === undefined ? '' : fmt(row.families),
        m ? fmt(m.rps) : '',
        m ? `${m.p50} ms` : '',
        m ? `${m.p99} ms` : '',
        m?.cpuUs === undefined ? '' : fmt(m.cpuUs),
        row.ratio === undefined ? '' : fmt(row.ratio, 2),
        row.value
          ? `${fmt(row.value.amount, row.value.amount < 10 ? 2 : 0)} ${row.value.unit}`
          : '',
        row.goal ?? '',
        row.met === undefined ? '' : row.met ? 'tenu' : '**non tenu**',
      ])
    }
    const table = lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n')
    const missed = this.rows.filter((row) => row.met === false)
    if (missed.length === 0) return table
    const why = missed.map(
      (row) => `- ${row.section} — ${row.label} : ${row.why ?? 'pas de mesure qui dise pourquoi'}.`,
    )
    return `${table}\n\nObjectifs non tenus, et pourquoi :\n\n${why.join('\n')}`
  }

  /** Writes bench/results/<date>.json; returns its path. */
  save(dir: string): string {
    const report: RunReport = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? '',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      loadAverage: os.loadavg(),
      durationSeconds: this.durationSeconds,
      connections: this.connections,
      only: [...this.only],
      rows: this.rows,
    }
    fs.mkdirSync(dir, { recursive: true })
    // A run of some sections only says so in its name: it is not the whole picture.
    const part = this.only.length > 0 ? `-${this.only.join('-').replace(/[^a-z]+/g, '_')}` : ''
    const file = path.join(dir, `${report.date.slice(0, 19).replace(/:/g, '-')}${part}.json`)
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
    return file
  }
}

function line(row: Row): string {
  const parts = [row.label.padEnd(44)]
  const m = row.measure
  if (m) parts.push(`${fmt(m.rps).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms`)
  if (row.ratio !== undefined) parts.push(`rapport ${fmt(row.ratio, 2)}`)
  if (row.value) parts.push(`${fmt(row.value.amount, 2)} ${row.value.unit}`)
  if (m?.cpuUs !== undefined) parts.push(`${fmt(m.cpuUs)} µs de processeur par requête`)
  if (row.goal) parts.push(`objectif ${row.goal} : ${row.met ? 'tenu' : 'NON TENU'}`)
  if (row.why) parts.push(`(${row.why})`)
  return parts.join('  ')
}
