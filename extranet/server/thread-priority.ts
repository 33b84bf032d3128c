import os from 'node:os'

/**
 * Lowers the calling thread's priority: its nice value goes up by `niceness` (19 at most), so
 * that the event loop is served first when both want the processor.
 *
 * Only on Linux, where a nice value belongs to one thread: `os.setPriority(0, n)` called in a
 * worker thread changes that thread alone. On macOS (setpriority) and Windows (SetPriorityClass),
 * it changes the whole process, event loop included: nothing is done there. Nor when the system
 * refuses (a sandbox). Returns the thread's nice value once lowered, or null when left alone.
 */
export function lowerThreadPriority(
  niceness: number,
  platform: NodeJS.Platform = process.platform,
): number | null {
  if (niceness <= 0 || platform !== 'linux') return null
  try {
    os.setPriority(0, Math.min(19, os.getPriority(0) + niceness))
    return os.getPriority(0)
  } catch {
    return null
  }
}
