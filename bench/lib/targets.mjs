// The table of benchmark targets. A target names the process that serves it and how to address one request
// to it; several targets may share a process (every aigw case runs in one aigw). Adding a case is one entry:
//
//   {
//     name: 'aigw-cache-hit', process: 'aigw', node: true,
//     setup: (aigw) => aigw.ensureGateway('bench-cache', { ...BASE_GATEWAY, cache_ttl: 300 }),
//     request: (aigw, mode) => aigwRequest(aigw, { gateway: 'bench-cache', route: 'openai/chat/completions',
//       model: OPENAI_MODEL, mode }),
//   }
import fs from 'node:fs'
import path from 'node:path'
import { BASE_GATEWAY, startAigw } from './aigw.mjs'
import { startNginx } from './nginx.mjs'
import { freePort, startProcess, waitForHttp } from './procs.mjs'
import { chatCompletionBody } from './request-bodies.mjs'

export const OPENAI_MODEL = 'gpt-4o-mini'
export const COMPAT_ANTHROPIC_MODEL = 'anthropic/claude-sonnet-4-5'

/** @typedef {'json' | 'sse'} Mode */

const openaiRequest = (headers, mode) => ({
  path: '/v1/chat/completions',
  headers,
  body: chatCompletionBody({ model: OPENAI_MODEL, stream: mode === 'sse' }),
})

/** A request through aigw's gateway `gateway` with authentication and payload logging on. */
export function aigwRequest(aigw, { gateway, route, model, mode }) {
  return {
    path: `/v1/${aigw.accountId}/${gateway}/${route}`,
    headers: {
      'cf-aig-authorization': `Bearer ${aigw.adminToken}`,
      authorization: 'Bearer sk-test',
      'cf-aig-collect-log-payload': 'true',
    },
    body: chatCompletionBody({ model, stream: mode === 'sse' }),
  }
}

/** All targets, in report order. `direct` must come first: every other row is compared with it. */
export function targetTable({ mockPort }) {
  return [
    {
      name: 'direct',
      process: 'mock',
      node: false,
      description: 'client → mock upstream, no proxy',
      request: (_mock, mode) => openaiRequest({ authorization: 'Bearer sk-test' }, mode),
    },
    {
      name: 'nginx',
      process: 'nginx',
      node: false,
      description: 'nginx, 1 worker, proxy_pass, upstream keepalive, access_log off, proxy_buffering off',
      request: (_p, mode) => openaiRequest({ authorization: 'Bearer sk-test' }, mode),
    },
    {
      name: 'minimal',
      process: 'minimal',
      node: true,
      description: 'node:http + undici Pool.request, bodies streamed, no features',
      request: (_p, mode) => openaiRequest({ authorization: 'Bearer sk-test' }, mode),
    },
    {
      name: 'portkey',
      process: 'portkey',
      node: true,
      description: '@portkey-ai/gateway 1.15.2 (headless, @hono/node-server 1.14.1)',
      request: (_p, mode) =>
        openaiRequest(
          {
            'x-portkey-provider': 'openai',
            'x-portkey-custom-host': `http://127.0.0.1:${mockPort}/v1`,
            authorization: 'Bearer x',
          },
          mode,
        ),
    },
    {
      name: 'aigw',
      process: 'aigw',
      node: true,
      description: 'aigw, gateway with authentication + logs (with payloads) on, OpenAI provider route',
      setup: (aigw) => aigw.ensureGateway('bench', BASE_GATEWAY),
      request: (aigw, mode) =>
        aigwRequest(aigw, { gateway: 'bench', route: 'openai/chat/completions', model: OPENAI_MODEL, mode }),
    },
    {
      name: 'aigw-compat',
      process: 'aigw',
      node: true,
      description: 'aigw /compat, OpenAI request translated to Anthropic /v1/messages and back',
      setup: (aigw) => aigw.ensureGateway('bench', BASE_GATEWAY),
      request: (aigw, mode) =>
        aigwRequest(aigw, {
          gateway: 'bench',
          route: 'compat/chat/completions',
          model: COMPAT_ANTHROPIC_MODEL,
          mode,
        }),
    },
    {
      name: 'aigw-cache-hit',
      process: 'aigw',
      node: true,
      description:
        'aigw, same request answered from the response cache (gateway cache_ttl 300 s); streams cached with an explicit cf-aig-cache-ttl',
      setup: (aigw) => aigw.ensureGateway('bench-cache', { ...BASE_GATEWAY, cache_ttl: 300 }),
      request: (aigw, mode) => {
        const request = aigwRequest(aigw, {
          gateway: 'bench-cache',
          route: 'openai/chat/completions',
          model: OPENAI_MODEL,
          mode,
        })
        return { ...request, headers: { ...request.headers, 'cf-aig-cache-ttl': '300' } }
      },
    },
    {
      name: 'aigw-rate-limited',
      process: 'aigw',
      node: true,
      expectStatus: 429,
      description: 'aigw refusing every request with 429 (gateway limit 1 per hour, spent during setup)',
      setup: async (aigw) => {
        await aigw.ensureGateway('bench-limited', {
          ...BASE_GATEWAY,
          rate_limiting_limit: 1,
          rate_limiting_interval: 3600,
          rate_limiting_technique: 'fixed',
        })
        // Spend the one allowed request so every measured request is refused.
        const spend = aigwRequest(aigw, {
          gateway: 'bench-limited',
          route: 'openai/chat/completions',
          model: OPENAI_MODEL,
          mode: 'json',
        })
        await fetch(aigw.baseUrl + spend.path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...spend.headers },
          body: spend.body,
        }).then((res) => res.text())
      },
      request: (aigw, mode) =>
        aigwRequest(aigw, {
          gateway: 'bench-limited',
          route: 'openai/chat/completions',
          model: OPENAI_MODEL,
          mode,
        }),
    },
  ]
}

/**
 * How to start each process a target may need (the mock is started by run.mjs before anything else).
 * Each launcher resolves to a handle from procs.mjs with `baseUrl` set, or throws a message fit for the report.
 */
export function processLaunchers({ repoRoot, benchDir, runDir, mockPort, cpu, pin }) {
  return {
    async nginx() {
      const port = await freePort()
      const handle = await startNginx({
        prefix: path.join(runDir, 'nginx'),
        port,
        upstreamPort: mockPort,
        cpu,
        pin,
      })
      return Object.assign(handle, { baseUrl: `http://127.0.0.1:${port}` })
    },
    async minimal() {
      const port = await freePort()
      const handle = startProcess({
        name: 'minimal',
        command: process.execPath,
        args: [
          path.join(benchDir, 'minimal-passthrough.mjs'),
          '--port',
          String(port),
          '--upstream',
          `http://127.0.0.1:${mockPort}`,
        ],
        cpu,
        pin,
        env: { ...process.env, NODE_ENV: 'production' },
        logFile: path.join(runDir, 'minimal.log'),
      })
      return readyOrStop(handle, `http://127.0.0.1:${port}`, '/__stats')
    },
    async portkey() {
      const entry = path.join(benchDir, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js')
      if (!fs.existsSync(entry)) throw new Error(`${entry} not found: run \`npm install\` inside bench/`)
      const port = await freePort()
      const handle = startProcess({
        name: 'portkey',
        command: process.execPath,
        args: [entry, `--port=${port}`, '--headless'],
        cpu,
        pin,
        cwd: benchDir,
        env: { ...process.env, NODE_ENV: 'production' },
        logFile: path.join(runDir, 'portkey.log'),
      })
      return readyOrStop(handle, `http://127.0.0.1:${port}`, '/')
    },
    aigw: async () => {
      const handle = await startAigw({ repoRoot, port: await freePort(), mockPort, runDir, cpu, pin })
      return handle
    },
  }
}

async function readyOrStop(handle, baseUrl, probePath) {
  try {
    await waitForHttp(baseUrl + probePath, { handle, isReady: (s) => s < 500 })
  } catch (err) {
    await handle.stop()
    throw err
  }
  return Object.assign(handle, { baseUrl })
}
