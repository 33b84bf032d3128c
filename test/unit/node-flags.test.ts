import { describe, expect, it } from 'vitest'
import { SERVER_NODE_FLAGS } from '../../electron/server-flags.ts'
import { serveNodeArgs } from '../../scripts/serve-command.ts'

describe('the options of the node that runs the server', () => {
  it('are the same in `npm run serve` (which the bench starts) as in Electron', () => {
    expect(serveNodeArgs()).toEqual([...SERVER_NODE_FLAGS, 'dist/server/main.js'])
  })
})
