import { createVerify, generateKeyPairSync } from 'node:crypto'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { GatewayError } from '../../core/errors.js'
import {
  GOOGLE_TOKEN_URI,
  parseVertexCredential,
  REFRESH_MARGIN_MS,
  VERTEX_SCOPE,
  VertexTokenMinter,
  type ServiceAccountKey,
} from './vertex-service-account.js'

const EMAIL = 'gateway@my-project.iam.gserviceaccount.com'

function rsaKeys() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
}

const real = rsaKeys()
const forged = rsaKeys()

interface Exchange {
  claims: Record<string, unknown>
  grantType: string | null
}

/** A Google-like token endpoint that verifies the RS256 assertion against the account's public key. */
class TokenServer {
  readonly exchanges: Exchange[] = []
  status = 200
  expiresIn = 3600
  private server: Server | undefined

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => this.answer(body, res))
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/token`
  }

  private answer(body: string, res: ServerResponse): void {
    const form = new URLSearchParams(body)
    const [head = '', payload = '', signature = ''] = (form.get('assertion') ?? '').split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
    this.exchanges.push({ claims, grantType: form.get('grant_type') })
    const valid =
      claims.iss === EMAIL &&
      createVerify('RSA-SHA256').update(`${head}.${payload}`).verify(real.publicKey, signature, 'base64url')
    const status = valid ? this.status : 400
    const answer =
      status === 200
        ? { access_token: `token-${this.exchanges.length}`, expires_in: this.expiresIn, token_type: 'Bearer' }
        : { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve))
  }
}

const server = new TokenServer()
let tokenUri = ''
let now = 1_700_000_000_000
const clock = { now: () => now }

function account(overrides: Partial<ServiceAccountKey> = {}): ServiceAccountKey {
  return { client_email: EMAIL, private_key: real.privateKey, token_uri: tokenUri, ...overrides }
}

function minter(): VertexTokenMinter {
  return new VertexTokenMinter({ clock, allowAnyTokenUri: true })
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (error instanceof GatewayError) return error
  throw new Error(`expected a GatewayError, got ${String(error)}`)
}

beforeAll(async () => {
  tokenUri = await server.start()
})
afterAll(() => server.stop())
beforeEach(() => {
  server.exchanges.length = 0
  server.status = 200
  server.expiresIn = 3600
})

describe('F033 Vertex service-account token minting', () => {
  it('exchanges an RS256 JWT bearer assertion for an access token', async () => {
    expect(await minter().accessToken(account())).toBe('token-1')
    const [exchange] = server.exchanges
    expect(exchange?.grantType).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer')
    expect(exchange?.claims).toMatchObject({ iss: EMAIL, aud: tokenUri, scope: VERTEX_SCOPE })
    expect(Number(exchange?.claims.exp) - Number(exchange?.claims.iat)).toBe(3600)
    expect(exchange?.claims.iat).toBe(Math.floor(now / 1000))
  })

  it('reuses the token until 60 s before it expires, then refreshes', async () => {
    const tokens = minter()
    expect(await tokens.accessToken(account())).toBe('token-1')
    now += 3600_000 - REFRESH_MARGIN_MS - 1000
    expect(await tokens.accessToken(account())).toBe('token-1')
    now += 2000
    expect(await tokens.accessToken(account())).toBe('token-2')
    expect(server.exchanges).toHaveLength(2)
  })

  it('coalesces concurrent refreshes into one exchange', async () => {
    const tokens = minter()
    const pending = Array.from({ length: 5 }, () => tokens.accessToken(account()))
    expect(await Promise.all(pending)).toEqual(Array(5).fill('token-1'))
    expect(server.exchanges).toHaveLength(1)
  })

  it('never hands a cached token to a JSON that only repeats the client_email', async () => {
    const tokens = minter()
    expect(await tokens.accessToken(account())).toBe('token-1')
    const error = await rejection(tokens.accessToken(account({ private_key: forged.privateKey })))
    expect(error.kind).toBe('unauthorized')
    expect(error.message).toContain('invalid_grant: Invalid JWT Signature.')
    expect(error.message).toContain(EMAIL)
  })

  it('does not cache failures: the next call exchanges again', async () => {
    const tokens = minter()
    server.status = 503
    expect((await rejection(tokens.accessToken(account()))).kind).toBe('upstream_unreachable')
    server.status = 200
    expect(await tokens.accessToken(account())).toBe('token-2')
  })

  it('only follows Google OAuth token_uri values unless told otherwise', async () => {
    const strict = new VertexTokenMinter({ clock })
    const error = await rejection(strict.accessToken(account()))
    expect(error.kind).toBe('forbidden_target')
    expect(error.message).toContain('token_uri')
    expect(server.exchanges).toHaveLength(0)
  })

  it('sends every exchange to the configured token endpoint, keeping the account audience', async () => {
    const pinned = new VertexTokenMinter({ clock, tokenUri })
    expect(await pinned.accessToken(account({ token_uri: GOOGLE_TOKEN_URI }))).toBe('token-1')
    expect(server.exchanges[0]?.claims.aud).toBe(GOOGLE_TOKEN_URI)
  })

  it('explains a private key that is not PEM and an unreachable endpoint', async () => {
    const badKey = await rejection(minter().accessToken(account({ private_key: 'not a key' })))
    expect(badKey.kind).toBe('invalid_request')
    expect(badKey.message).toContain('private_key')
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const unreachable = await rejection(
      minter().accessToken(account({ token_uri: `http://127.0.0.1:${port}/t` })),
    )
    expect(unreachable.kind).toBe('upstream_unreachable')
  })
})

describe('F020 parseVertexCredential', () => {
  const json = {
    type: 'service_account',
    project_id: 'p1',
    client_email: EMAIL,
    private_key: 'pem',
    region: 'us-east4',
  }
  const encoded = Buffer.from(JSON.stringify(json)).toString('base64')

  it('decodes Bearer <base64 service-account JSON incl. region>', () => {
    expect(parseVertexCredential(`Bearer ${encoded}`)).toEqual({
      client_email: EMAIL,
      private_key: 'pem',
      token_uri: GOOGLE_TOKEN_URI,
      project_id: 'p1',
      region: 'us-east4',
    })
  })

  it('leaves a plain gcloud access token alone', () => {
    expect(parseVertexCredential('Bearer ya29.a0AfB_byC-access-token-value')).toBeUndefined()
    expect(parseVertexCredential(undefined)).toBeUndefined()
    expect(parseVertexCredential('Bearer ')).toBeUndefined()
  })

  it('names what is wrong with a service account that does not parse', () => {
    const broken = Buffer.from('{"client_email": ').toString('base64')
    expect(() => parseVertexCredential(`Bearer ${broken}`)).toThrow(/not valid service-account JSON/)
    const noKey = Buffer.from(JSON.stringify({ client_email: EMAIL })).toString('base64')
    expect(() => parseVertexCredential(`Bearer ${noKey}`)).toThrow(/"private_key" is missing/)
  })
})
