import type { Plugin } from '@hapi/hapi'
import { CAN } from '../../../db/rules/roles.ts'
import { checkImport, proposedMapping } from '../../../db/services/import/check.ts'
import { readImportFile, type ImportTable } from '../../../db/services/import/file.ts'
import { importFamilies } from '../../../db/services/import/run.ts'
import { listActiveSites } from '../../../db/services/sites.ts'
import type {
  ImportCheckView,
  ImportFileInfo,
  ImportFileInput,
  ImportInput,
} from '../../api/types.ts'
import { allow, read, route, staffActor, staffAuth, write } from '../context.ts'
import { importResult, sampleCsv, sampleXlsx } from '../presenters/import-files.ts'
import { progressStream } from '../progress-stream.ts'
import * as schemas from '../schemas.ts'

/** A spreadsheet of 20 000 families is a few megabytes; base64 adds a third. */
const MAX_BYTES = 30 * 1024 * 1024
const options = (payload: object) => ({
  auth: allow(CAN.editFamilies),
  payload: { maxBytes: MAX_BYTES },
  validate: { payload },
})

const tableOf = (input: ImportFileInput): Promise<ImportTable> =>
  readImportFile(Buffer.from(input.content, 'base64'))

const SAMPLE = {
  csv: { type: 'text/csv; charset=utf-8', make: async (site: string) => sampleCsv(site) },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    make: sampleXlsx,
  },
}

/** Familles → Importer: a spreadsheet read, its columns mapped, checked, then imported. */
export const staffImportApi: Plugin<void> = {
  name: 'portee-staff-import-api',
  register(server) {
    server.route([
      route<{ Params: { format: 'csv' | 'xlsx' } }>({
        method: 'GET',
        path: '/api/staff/family-imports/sample.{format}',
        options: { auth: allow(CAN.editFamilies), validate: { params: schemas.importSample } },
        async handler(request, h) {
          const sample = SAMPLE[request.params.format]
          const [site] = await read(request, listActiveSites)
          return h
            .response(await sample.make(site?.name ?? 'Conservatoire'))
            .type(sample.type)
            .header(
              'content-disposition',
              `attachment; filename="familles-exemple.${request.params.format}"`,
            )
        },
      }),
      route<{ Payload: ImportFileInput }>({
        method: 'POST',
        path: '/api/staff/family-imports/analysis',
        options: options(schemas.importFile),
        async handler(request): Promise<ImportFileInfo> {
          const table = await tableOf(request.payload)
          const mapping = await read(request, (trx) => proposedMapping(trx, table.headings))
          const { format, encoding, separator, headings } = table
          const sample = table.rows.slice(0, 3).map((r) => r.cells)
          return {
            format,
            encoding,
            separator,
            headings,
            lines: table.rows.length,
            mapping,
            sample,
          }
        },
      }),
      route<{ Payload: ImportInput }>({
        method: 'POST',
        path: '/api/staff/family-imports/check',
        options: options(schemas.importRun),
        async handler(request): Promise<ImportCheckView> {
          const { mapping, siteId } = request.payload
          const input = { table: await tableOf(request.payload), mapping, defaultSiteId: siteId }
          const { siteIds } = staffAuth(request)
          const { summary, problems, preview } = await write(request, (trx) =>
            checkImport(trx, { ...input, siteIds }),
          )
          return { summary, problems, preview }
        },
      }),
      route<{ Payload: ImportInput }>({
        method: 'POST',
        path: '/api/staff/family-imports',
        options: options(schemas.importRun),
        async handler(request, h) {
          const { fileName, mapping, siteId } = request.payload
          const table = await tableOf(request.payload)
          const input = { table, mapping, defaultSiteId: siteId, fileName, ...staffActor(request) }
          const run = { ...input, siteIds: staffAuth(request).siteIds }
          const stream = await progressStream(
            request,
            (trx, steps) => importFamilies(trx, { ...run, ...steps }),
            (done) => importResult(done.families, done.siteNames),
          )
          return h.response(stream).type('application/x-ndjson').compressed('identity')
        },
      }),
    ])
  },
}
