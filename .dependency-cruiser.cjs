// The import rules of the README's "Organisation du code", checked by `npm run lint`.
// Imports go down, never up: db/ is the ground floor; its rules/ folder has no I/O.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other in a loop cannot be read, tested or moved one by one.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'db-is-the-ground-floor',
      severity: 'error',
      comment:
        'db/ (migrations, services, rules) imports nothing of the server, the apps or Electron.',
      from: { path: '^db/' },
      to: { path: '^(extranet|renderer|electron|ui)/' },
    },
    {
      name: 'rules-have-no-io',
      severity: 'error',
      comment:
        'db/rules/ is imported by the browsers too: no node module, no database, no service; only other rules and libphonenumber-js.',
      from: { path: '^db/rules/' },
      to: { pathNot: '^(db/rules/|node_modules/libphonenumber-js/)' },
    },
    {
      name: 'api-is-the-contract',
      severity: 'error',
      comment:
        'extranet/api/ holds the HTTP contract and the typed clients: it builds on the rules only.',
      from: { path: '^extranet/api/' },
      to: { pathNot: '^(extranet/api/|db/rules/)' },
    },
    {
      name: 'server-serves-no-app-code',
      severity: 'error',
      comment: 'The server imports db/ and the contract, never the code of an app or of Electron.',
      from: { path: '^extranet/server/' },
      to: { path: '^(extranet/web|renderer|ui|electron)/' },
    },
    {
      name: 'no-database-outside-db',
      severity: 'error',
      comment: 'Queries live in db/: nothing else imports knex or the SQLite driver.',
      from: { pathNot: '^(db/|test/|bench/|scripts/)' },
      to: { path: '^node_modules/(knex|better-sqlite3)/' },
    },
    {
      name: 'apps-talk-through-the-contract',
      severity: 'error',
      comment:
        'The two apps and the shared UI kit import the contract, the rules and the kit; never the server, the services or the other app.',
      from: { path: '^(extranet/web|renderer|ui)/' },
      to: { path: '^(extranet/server/|db/(?!rules/)|electron/)' },
    },
    {
      name: 'family-app-is-not-the-back-office',
      severity: 'error',
      from: { path: '^extranet/web/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'back-office-is-not-the-family-app',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^extranet/web/' },
    },
    {
      name: 'ui-kit-belongs-to-no-app',
      severity: 'error',
      from: { path: '^ui/' },
      to: { path: '^(extranet/web|renderer)/' },
    },
    {
      name: 'electron-stays-thin',
      severity: 'error',
      comment:
        'Electron starts the server process and opens a window: it imports only the type of the message the server sends when ready.',
      from: { path: '^electron/' },
      to: { path: '^(db|extranet|renderer|ui)/', pathNot: '^extranet/server/main\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|release|node_modules)/' },
    tsPreCompilationDeps: true,
    // node_modules may be a link (a git worktree sharing another checkout's): the rules name
    // packages by their path under node_modules/, not by where the link points.
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.vue', '.json'],
    },
  },
}
