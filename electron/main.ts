// Electron's main process: thin. It starts the server (the one owner of the database) in a
// utilityProcess, waits for its ready message and shows the staff app in a locked-down window.
import fs from 'node:fs/promises'
import path from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  shell,
  utilityProcess,
  type UtilityProcess,
} from 'electron'
import type { ReadyMessage } from '../extranet/server/main.ts'
import { SERVER_NODE_FLAGS } from './server-flags.ts'

// The back office is in French: dates, numbers and the spelling checker follow, whatever the
// language of the computer (must be set before the app is ready).
app.commandLine.appendSwitch('lang', 'fr-FR')

let server: UtilityProcess | null = null
let window: BrowserWindow | null = null
let staffOrigin = ''

function isReady(message: unknown): message is ReadyMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'ready'
  )
}

/** Starts the server and resolves with its URLs once it listens. */
function startServer(dataDir: string): Promise<ReadyMessage> {
  const entry = path.join(app.getAppPath(), 'dist', 'server', 'main.js')
  // From the sources (`npm start`), better-sqlite3 built for Electron by scripts/electron-native.ts;
  // installers carry a copy that electron-builder rebuilt already.
  const binding = path.join(
    app.getAppPath(),
    '.cache/electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
  )
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir }
  if (!app.isPackaged) {
    env['PORTEE_SQLITE_BINDING'] = binding
    env['DEMO'] ??= '1' // `npm start` opens the demo conservatoire
  }
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'Portée — serveur',
    execArgv: [...SERVER_NODE_FLAGS],
    env,
    stdio: 'inherit',
  })
  server = child
  return new Promise((resolve, reject) => {
    child.on('message', (message: unknown) => {
      if (isReady(message)) resolve(message)
    })
    child.once('exit', (code) => {
      server = null
      reject(new Error(`Le serveur de Portée s’est arrêté (code ${code}).`))
    })
  })
}

/** External links open in the system browser, and only http(s) ones. */
function openExternal(url: string): void {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:')
      void shell.openExternal(parsed.href)
  } catch {
    // not a URL: ignored
  }
}

function createWindow(staffUrl: string): BrowserWindow {
  staffOrigin = new URL(staffUrl).origin
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Portée',
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'),
    },
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (new URL(url).origin !== staffOrigin) openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== staffOrigin) {
      event.preventDefault()
      openExternal(url)
    }
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(staffUrl)
  return win
}

/** Only the staff app's own pages may call the native functions. */
function fromStaffApp(event: Electron.IpcMainInvokeEvent): boolean {
  return event.senderFrame !== null && new URL(event.senderFrame.url).origin === staffOrigin
}

function registerNativeFunctions(): void {
  ipcMain.handle('portee:save-file', async (event, suggestedName: unknown, content: unknown) => {
    if (!fromStaffApp(event) || !window) return false
    const result = await dialog.showSaveDialog(window, {
      defaultPath: path.basename(String(suggestedName)),
    })
    if (result.canceled || !result.filePath) return false
    await fs.writeFile(result.filePath, String(content), 'utf8')
    return true
  })
  ipcMain.handle('portee:print', (event) => {
    if (fromStaffApp(event)) event.sender.print({})
  })
}

async function start(): Promise<void> {
  registerNativeFunctions()
  try {
    // Installed: the OS's app-data folder. From the sources: .data/ beside them, for the demo.
    const defaultDir = app.isPackaged
      ? app.getPath('userData')
      : path.join(app.getAppPath(), '.data')
    const ready = await startServer(process.env['DATA_DIR'] || defaultDir)
    window = createWindow(ready.staffUrl)
    window.on('closed', () => {
      window = null
    })
  } catch (err) {
    dialog.showErrorBox('Portée', err instanceof Error ? err.message : String(err))
    app.quit()
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
  app.on('window-all-closed', () => app.quit())
  // Quit cleanly: the server closes the database before the app ends.
  app.on('before-quit', (event) => {
    const child = server
    if (!child) return
    event.preventDefault()
    child.once('exit', () => {
      server = null
      app.quit()
    })
    child.postMessage('stop')
    setTimeout(() => child.kill(), 10_000).unref()
  })
  void app.whenReady().then(start)
}
