// The preload of the staff window: a few named functions for native dialogs, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron'

export interface PorteeDesktop {
  /** Asks where to save a file (a CSV, a PDF…) and writes it; false when the user cancels. */
  saveFile(suggestedName: string, content: string): Promise<boolean>
  /** Prints the current page. */
  print(): Promise<void>
}

const desktop = {
  saveFile: (suggestedName: string, content: string) =>
    ipcRenderer.invoke(
      'portee:save-file',
      String(suggestedName),
      String(content),
    ) as Promise<boolean>,
  print: () => ipcRenderer.invoke('portee:print') as Promise<void>,
} satisfies PorteeDesktop

contextBridge.exposeInMainWorld('porteeDesktop', desktop)
