// The import rules of the README's "Organisation du code", checked by `npm run lint`.
// Imports go down, never up: db/ is the ground floor; its rules/ folder has no I/O.

/** A rule: files matching `from` may not import files matching `to` (regular expressions). */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to })

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      'no-circular',
      'Files that import each other in a loop cannot be read, tested or moved one by one.',
      {},
      { circular: true },
    ),
    forbid(
      'db-is-the-ground-floor',
      'db/ (migrations, services, rules) imports nothing of the server, the apps or Electron.',
      { path: '^db/' },
      { path: '^(extranet|renderer|electron|ui)/' },
    ),
    forbid(
      'rules-have-no-io',
      'db/rules/ is imported by the browsers too: only other rules, libphonenumber-js and ibantools.',
      { path: '^db/rules/' },
      { pathNot: '^(db/rules/|node_modules/(libphonenumber-js|ibantools)/)' },
    ),
    forbid(
      'api-is-the-contract',
      'extranet/api/ holds the HTTP contract and the typed clients: it builds on the rules only.',
      { path: '^extranet/api/' },
      { pathNot: '^(extranet/api/|db/rules/)' },
    ),
    forbid(
      'server-serves-no-app-code',
      'The server imports db/ and the contract, never the code of an app or of Electron.',
      { path: '^extranet/server/' },
      { path: '^(extranet/web|renderer|ui|electron)/' },
    ),
    forbid(
      'no-database-outside-db',
      'Queries live in db/: nothing else imports knex or the SQLite driver.',
      { pathNot: '^(db/|test/|bench/|scripts/)' },
      { path: '^node_modules/(knex|better-sqlite3)/' },
    ),
    forbid(
      'apps-talk-through-the-contract',
      'The apps and the UI kit import the contract, the rules and the kit; never the server or the services.',
      { path: '^(extranet/web|renderer|ui)/' },
      { path: '^(extranet/server/|db/(?!rules/)|electron/)' },
    ),
    forbid(
      'apps-do-not-share-files',
      'Neither app imports the other: what both use lives in ui/, which belongs to neither.',
      { path: '^(extranet/web|renderer|ui)/' },
      { path: '^(extranet/web|renderer)/', pathNot: '^$1/' },
    ),
    forbid(
      'electron-stays-thin',
      'Electron starts the server process and opens a window: it imports only the type of the ready message.',
      { path: '^electron/' },
      { path: '^(db|extranet|renderer|ui)/', pathNot: '^extranet/server/main\\.ts$' },
    ),
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
