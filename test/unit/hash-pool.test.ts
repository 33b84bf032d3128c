import os from 'node:os'
import { afterAll, describe, expect, it } from 'vitest'
import { TestClock } from '../support/clock.ts'
import type { DomainError } from '../../db/errors.ts'
import {
  DEFAULT_HASH_QUEUE,
  HashPool,
  type HashQueueLimits,
} from '../../extranet/server/hash-pool.ts'
import { lowerThreadPriority } from '../../extranet/server/thread-priority.ts'

const pool = new HashPool(2)
afterAll(() => pool.close())

describe('the bcrypt worker pool', () => {
  it('hashes with bcrypt at cost 12 and checks the password', async () => {
    const hash = await pool.hash('Une phrase de passe assez longue')
    expect(hash).toMatch(/^\$2b\$12\$/)
    expect(await pool.verify('Une phrase de passe assez longue', hash)).toBe(true)
    expect(await pool.verify('Une phrase de passe assez longuE', hash)).toBe(false)
  })

  it('tells apart long passwords that differ after 72 bytes (no silent truncation)', async () => {
    const stem = 'é'.repeat(40) // 80 bytes of UTF-8
    const hash = await pool.hash(`${stem}A`)
    expect(await pool.verify(`${stem}A`, hash)).toBe(true)
    expect(await pool.verify(`${stem}B`, hash)).toBe(false)
  })

  it('takes the same password typed with composed or decomposed accents', async () => {
    const hash = await pool.hash('Crème brûlée 2026 !')
    expect(await pool.verify('Cre\u0300me bru\u0302le\u0301e 2026 !', hash)).toBe(true)
  })

  it('answers false for an unknown account, after doing the same work', async () => {
    expect(await pool.verify('anything', null)).toBe(false)
  })

  it('runs many jobs at once through its queue', async () => {
    const hash = await pool.hash('parallèle')
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => pool.verify(i % 2 ? 'parallèle' : 'non', hash)),
    )
    expect(answers).toEqual([false, true, false, true, false, true])
  })
})

describe('a worker that dies', () => {
  it('is replaced, and the pool goes on', async () => {
    const small = new HashPool(1)
    try {
      const hash = await small.hash('avant la panne')
      const workers = (small as unknown as { all: { terminate(): Promise<number> }[] }).all
      await workers[0]?.terminate()
      expect(await small.verify('avant la panne', hash)).toBe(true)
    } finally {
      await small.close()
    }
  })
})

describe('a storm of passwords to check', () => {
  const code = (r: PromiseSettledResult<unknown>) =>
    r.status === 'rejected' ? (r.reason as { code?: string }).code : 'ok'

  it('waits in a bounded queue: beyond it, jobs are refused at once as busy', async () => {
    const small = new HashPool(1, { maxQueued: 2, maxWaitMs: 60_000 })
    try {
      const hash = await small.hash('orage')
      const storm = Array.from({ length: 6 }, () => small.verify('orage', hash))
      const results = (await Promise.allSettled(storm)).map(code)
      expect(results).toEqual(['ok', 'ok', 'ok', 'BUSY', 'BUSY', 'BUSY'])
    } finally {
      await small.close()
    }
  })

  it('asks to come back after the wait it is given, or half the longest wait', async () => {
    const refusal = async (limits: HashQueueLimits) => {
      const small = new HashPool(1, limits)
      try {
        const storm = Array.from({ length: 3 }, () => small.hash('orage'))
        const [, , third] = await Promise.allSettled(storm)
        return third?.status === 'rejected' ? (third.reason as DomainError).details : null
      } finally {
        await small.close()
      }
    }
    expect(await refusal({ maxQueued: 1, maxWaitMs: 60_000, retryAfterSeconds: 2 })).toEqual({
      retryAfterSeconds: '2',
    })
    expect(await refusal({ maxQueued: 1, maxWaitMs: 9_000 })).toEqual({ retryAfterSeconds: '5' })
  })

  it('drops a job that waited too long, as busy, without running it', async () => {
    const clock = new TestClock()
    const small = new HashPool(1, { maxQueued: 10, maxWaitMs: 5_000 }, clock)
    try {
      const hash = await small.hash('orage')
      const storm = Array.from({ length: 3 }, () => small.verify('orage', hash))
      clock.advance(6_000) // the first runs; the two others have now waited too long
      const results = (await Promise.allSettled(storm)).map(code)
      expect(results).toEqual(['ok', 'BUSY', 'BUSY'])
    } finally {
      await small.close()
    }
  })
})

describe('the workers’ priority', () => {
  it.runIf(process.platform === 'linux')(
    'is lowered in the worker threads only, on Linux: the event loop keeps its own',
    async () => {
      const before = os.getPriority(0)
      const lowered = new HashPool(1, DEFAULT_HASH_QUEUE, new TestClock(), 5)
      try {
        await lowered.hash('priorité') // the worker has started
        expect(lowered.workerNiceness).toEqual([Math.min(19, before + 5)])
        expect(os.getPriority(0)).toBe(before)
        expect(os.getPriority()).toBe(before)
      } finally {
        await lowered.close()
      }
    },
  )

  it('is left alone with a niceness of 0', async () => {
    const plain = new HashPool(1, DEFAULT_HASH_QUEUE, new TestClock(), 0)
    try {
      await plain.hash('priorité')
      expect(plain.workerNiceness).toEqual([null])
    } finally {
      await plain.close()
    }
  })

  it('is left alone on macOS and Windows, where it would lower the whole process', () => {
    const before = os.getPriority(0)
    expect(lowerThreadPriority(10, 'darwin')).toBeNull()
    expect(lowerThreadPriority(10, 'win32')).toBeNull()
    expect(os.getPriority(0)).toBe(before)
  })
})
