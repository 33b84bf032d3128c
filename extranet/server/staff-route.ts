// A staff route in one declaration, for the lists whose routes all read the same way: its roles,
// what its `{id}` names (site scoping), its joi schemas, and the services it runs in one
// transaction (a GET reads, anything else writes). Nothing back: 204.
import type { ReqRef, Request, RouteOptionsValidate, ServerRoute } from '@hapi/hapi'
import type { Trx } from '../../db/connection.ts'
import type { StaffRole } from '../../db/rules/roles.ts'
import type { ScopedKind } from '../../db/services/staff-scope.ts'
import { allow, read, route, write } from './context.ts'

export interface StaffRouteSpec<R extends ReqRef, T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  can: readonly StaffRole[]
  sees?: ScopedKind
  validate?: RouteOptionsValidate
  work: (trx: Trx, request: Request<R>) => Promise<T>
}

export function staffRoute<R extends ReqRef, T>(spec: StaffRouteSpec<R, T>): ServerRoute {
  return route<R>({
    method: spec.method,
    path: spec.path,
    options: {
      auth: allow(spec.can),
      ...(spec.sees ? { app: { sees: spec.sees } } : {}),
      ...(spec.validate ? { validate: spec.validate } : {}),
    },
    async handler(request, h) {
      const run = spec.method === 'GET' ? read : write
      const result = await run(request, (trx) => spec.work(trx, request))
      return result === undefined ? h.response().code(204) : (result as object)
    },
  })
}
