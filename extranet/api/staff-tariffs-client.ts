// The back office's calls for tariffs, quotient, residence, rentals and the simulation.
import type { Http } from './http.ts'

export function staffTariffCalls(_http: Http) {
  return {}
}
