// The months « Prélèvements » offers: a year back and a year ahead of the current one, in French
// (« décembre 2026 »), with next month (the first one usually exported) chosen first.
const MONTHS = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' })

const key = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`

export function monthOptions(today = new Date()): { value: string; title: string }[] {
  return Array.from({ length: 25 }, (_, i) => {
    const d = new Date(Date.UTC(today.getFullYear(), today.getMonth() - 12 + i, 1))
    return { value: key(d), title: MONTHS.format(d) }
  })
}

export function nextMonth(today = new Date()): string {
  return key(new Date(Date.UTC(today.getFullYear(), today.getMonth() + 1, 1)))
}
