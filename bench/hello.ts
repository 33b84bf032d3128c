// The benchmark's baseline: a bare Hapi server with one route, started like Portée's server (its own
// process, `node --import tsx`), on loopback. PORT=0 takes a free port; the URL is printed.
import Hapi from '@hapi/hapi'

const server = Hapi.server({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 0) })
server.route({ method: 'GET', path: '/hello', handler: () => ({ hello: 'world' }) })
await server.start()
console.log(`Témoin prêt : ${server.info.uri}`)

const stop = () => void server.stop().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
