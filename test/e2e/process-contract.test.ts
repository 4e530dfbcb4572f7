import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { gate, MockUpstream } from './support/mock-upstream.js'

/** Drives the built gateway exactly as CONTRACT.md describes: `node dist/main.js` with environment variables. */
function startProcess(env: Record<string, string>): {
  child: ChildProcess
  output: () => string
  ready: Promise<string>
} {
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)))
  })
  return { child, output: () => output, ready }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

describe('run contract (CONTRACT.md)', () => {
  const mock = new MockUpstream()
  const dirs: string[] = []
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'aigw-proc-'))
    dirs.push(dir)
    return dir
  }

  beforeAll(() => mock.start())
  afterAll(async () => {
    await mock.stop()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('first start generates and prints an account id and an admin token stored only as a hash; healthz answers', async () => {
    const dataDir = tempDir()
    const run = startProcess({ PORT: '0', AIGW_DATA_DIR: dataDir })
    const url = await run.ready
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    const account = /Created account ([0-9a-f]{32})/.exec(run.output())?.[1]
    const token = /Admin API token \(shown once[^)]*\): (\S+)/.exec(run.output())?.[1]
    expect(account).toBeDefined()
    expect(token).toBeDefined()
    const list = await fetch(`${url}/client/v4/accounts/${account}/ai-gateway/gateways`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(list.status).toBe(200)
    run.child.kill('SIGTERM')
    expect(await exited(run.child)).toBe(0)

    const db = new Database(join(dataDir, 'aigw.sqlite'), { readonly: true })
    const dump = JSON.stringify(
      db
        .prepare("SELECT * FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((table) => db.prepare(`SELECT * FROM "${(table as { name: string }).name}"`).all()),
    )
    db.close()
    expect(dump).not.toContain(token!)

    // Second start: same account, no new token printed.
    const again = startProcess({ PORT: '0', AIGW_DATA_DIR: dataDir })
    await again.ready
    expect(again.output()).toContain(`account ${account}`)
    expect(again.output()).not.toContain('Admin API token')
    again.child.kill('SIGINT')
    expect(await exited(again.child)).toBe(0)
  })

  it('rejects a config file with an unknown key, naming it', async () => {
    const dir = tempDir()
    const file = join(dir, 'aigw.yaml')
    writeFileSync(file, 'port: 0\nlimits:\n  max_request_bytez: 5\n')
    const run = startProcess({ AIGW_CONFIG: file, AIGW_DATA_DIR: dir })
    await expect(run.ready).rejects.toThrow(/limits\.max_request_bytez/)
  })

  it('SIGTERM lets an in-flight stream finish, flushes its log, and exits 0', async () => {
    const dataDir = tempDir()
    const configFile = join(dataDir, 'aigw.yaml')
    writeFileSync(
      configFile,
      'gateways:\n  - id: drain\n    collect_logs: true\nlogs:\n  flush_interval_ms: 60000\n',
    )
    const account = 'a'.repeat(32)
    const run = startProcess({
      PORT: '0',
      AIGW_DATA_DIR: dataDir,
      AIGW_CONFIG: configFile,
      AIGW_ACCOUNT_ID: account,
      AIGW_ADMIN_TOKEN: 'drain-test-admin-token',
      AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`,
    })
    const url = await run.ready
    const rest = gate()
    mock.handle(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write('data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n')
      await rest.wait
      response.write(
        'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}\n\n',
      )
      response.end('data: [DONE]\n\n')
    })
    const response = await fetch(`${url}/v1/${account}/drain/openai/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk', 'content-type': 'application/json' },
      body: '{"model":"gpt-4o-mini","stream":true,"messages":[]}',
    })
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toContain('"a"')
    const exit = exited(run.child)
    run.child.kill('SIGTERM')
    // New connections are refused while the stream is still running.
    await new Promise((resolve) => setTimeout(resolve, 100))
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
    rest.open()
    let text = ''
    for (;;) {
      const next = await reader.read()
      if (next.done) break
      text += new TextDecoder().decode(next.value)
    }
    expect(text).toContain('[DONE]')
    expect(await exit).toBe(0)

    // The log flush interval is a minute: only the shutdown flush can have written this entry.
    const db = new Database(join(dataDir, 'aigw.sqlite'), { readonly: true })
    const rows = db.prepare('SELECT * FROM logs').all() as Array<Record<string, unknown>>
    db.close()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      provider: 'openai',
      path: 'chat/completions',
      tokens_in: 3,
      tokens_out: 4,
    })
  })
})
