import { githubTokenChecksumValid } from '../checksums.js'
import { regexDetector, type Detector } from '../detector.js'

/**
 * Credentials and Secrets. Long tokens are matched on their fixed prefix plus a bounded run of the body (no
 * trailing boundary), so a match is complete long before a 160-character key ends — that keeps the streaming
 * overlap small (F216) and catches a key even when the rest of it is cut off.
 */

export const openaiApiKey = regexDetector({
  id: '169027b1-ecb0-4b06-8a1c-26a64f030a2a',
  name: 'OpenAI API Key',
  maxLength: 64,
  pattern:
    /(?<![\w-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![\w-])|[A-Za-z0-9]{48}(?![\w-]))/g,
  validate: (match) => (match[0].includes('T3BlbkFJ') ? 'very_high' : 'high'),
})

export const anthropicApiKey = regexDetector({
  id: '1a9b34d0-08f2-4a9a-a1b1-06cba2be7f2e',
  name: 'Anthropic API Key',
  maxLength: 64,
  pattern: /(?<![\w-])sk-ant-(?:api|admin|oat)\d{2}-[A-Za-z0-9_-]{40}/g,
  validate: () => 'very_high',
})

/** AWS access key ids are base32 after the prefix (A–Z, 2–7). */
export const awsAccessKeyId = regexDetector({
  id: 'a698828d-837a-42db-9ae8-20d44c822da1',
  name: 'AWS Access Key ID',
  maxLength: 21,
  pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
  validate: () => 'high',
})

/** 40 base64 characters of mixed case (a hex digest is not a secret key), named as one or right after a key id. */
export function awsSecretShape(secret: string): boolean {
  return (
    /[a-z]/.test(secret) && /[A-Z]/.test(secret) && /[0-9/+]/.test(secret) && !/^[0-9a-fA-F]+$/.test(secret)
  )
}

export const awsSecretAccessKey = regexDetector({
  id: '483b2a44-a55a-414f-94ed-b197b84347d9',
  name: 'AWS Secret Access Key',
  maxLength: 144,
  pattern:
    /(?:\baws_?secret(?:_?access)?_?key|\bsecret_?access_?key|(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16})[\s\S]{1,80}?(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
  validate: (match) => (awsSecretShape(match[1]!) ? 'very_high' : undefined),
})

export const githubToken = regexDetector({
  id: '8bc716be-9597-4738-b78d-0190da62ba18',
  name: 'GitHub Token',
  maxLength: 94,
  pattern:
    /(?<!\w)(?:gh[pousr]_([A-Za-z0-9]{36})|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9])/g,
  validate(match) {
    if (match[1] === undefined) return 'high'
    return githubTokenChecksumValid(match[1]) ? 'very_high' : undefined
  },
})

export const googleApiKey = regexDetector({
  id: '4547c8dd-9585-41ae-a0f5-9e26f100571f',
  name: 'Google API Key',
  maxLength: 40,
  pattern: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g,
  validate: () => 'high',
})

export const slackToken = regexDetector({
  id: '47f6d36f-6b16-4aa0-b92f-c7ebf78ca491',
  name: 'Slack Token',
  maxLength: 80,
  pattern:
    /(?<![\w-])(?:xox[abposr]-(?:\d{6,15}-){1,3}[0-9A-Za-z]{16}|xapp-\d-[A-Z0-9]{8,15}-\d{8,15}-[a-f0-9]{16})/g,
  validate: () => 'high',
})

export const slackWebhook = regexDetector({
  id: 'a671526b-b9cb-4910-8bad-895244a9252a',
  name: 'Slack Webhook URL',
  maxLength: 96,
  pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{24}/g,
  validate: () => 'very_high',
})

/** Secret and restricted keys only: publishable `pk_` keys are meant to be public. */
export const stripeKey = regexDetector({
  id: 'e7593dc2-d97b-4519-a2ff-2e38f002ef93',
  name: 'Stripe Secret Key',
  maxLength: 40,
  pattern: /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24}/g,
  validate: (match) => (match[0].includes('_live_') ? 'very_high' : 'high'),
})

/** The armour line followed by key material (or an encryption header): prose naming the format is not a key. */
export const privateKey = regexDetector({
  id: '33ba8aa2-f528-4014-a77c-89290ffc07a9',
  name: 'Private Key (PEM)',
  maxLength: 96,
  pattern:
    /-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----\r?\n(?:Proc-Type:|Comment:|Version:|[A-Za-z0-9+/=]{32})/g,
  validate: () => 'very_high',
})

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/** Header and the start of the payload: the header must decode to a JOSE header naming its `alg`. */
export const jsonWebToken = regexDetector({
  id: '64a233b8-81f5-410a-9343-1292805847ed',
  name: 'JSON Web Token (JWT)',
  maxLength: 140,
  pattern: /(?<![\w-])(eyJ[A-Za-z0-9_-]{8,120})\.eyJ[A-Za-z0-9_-]{8}/g,
  validate(match) {
    const header = decodeSegment(match[1]!)
    const ok =
      typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string'
    return ok ? 'high' : undefined
  },
})

export const credentialDetectors: readonly Detector[] = [
  openaiApiKey,
  anthropicApiKey,
  awsAccessKeyId,
  awsSecretAccessKey,
  githubToken,
  googleApiKey,
  slackToken,
  slackWebhook,
  stripeKey,
  privateKey,
  jsonWebToken,
]
