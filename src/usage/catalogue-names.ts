/**
 * How aigw's provider slugs and model names map onto `@pydantic/genai-prices` (checked against its bundled
 * data: provider ids openai, anthropic, google, x-ai, groq, mistral, cohere, deepseek, cerebras, perplexity,
 * openrouter, aws, azure, cloudflare, baseten). Providers the catalogue does not cover (Cartesia, Deepgram,
 * ElevenLabs, Fal, HuggingFace, Ideogram, Parallel, Replicate, custom providers) get a cost only from
 * operator overrides.
 */
const CATALOGUE_IDS: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'google-ai-studio': 'google',
  'google-vertex-ai': 'google',
  grok: 'x-ai',
  groq: 'groq',
  mistral: 'mistral',
  cohere: 'cohere',
  deepseek: 'deepseek',
  cerebras: 'cerebras',
  'perplexity-ai': 'perplexity',
  openrouter: 'openrouter',
  'aws-bedrock': 'aws',
  // The catalogue's azure entry falls back to openai (and others) for models it does not list itself.
  'azure-openai': 'azure',
  'workers-ai': 'cloudflare',
  baseten: 'baseten',
}

/** /compat and realtime spell some providers differently from their path slug (providers.md rows 13, 21). */
const ALIASES: Readonly<Record<string, string>> = {
  google: 'google-ai-studio',
  perplexity: 'perplexity-ai',
}

function canonicalSlug(slug: string): string {
  const lower = slug.toLowerCase()
  return ALIASES[lower] ?? lower
}

export function catalogueProviderId(slug: string): string | undefined {
  return CATALOGUE_IDS[canonicalSlug(slug)]
}

/** The aigw slugs that have catalogue prices. */
export function catalogueSlugs(): string[] {
  return Object.keys(CATALOGUE_IDS)
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Provider-specific spellings of a model id reduced to the name the catalogue knows. */
function normalise(slug: string, model: string): string {
  let name = model.trim()
  switch (canonicalSlug(slug)) {
    case 'google-ai-studio':
    case 'google-vertex-ai':
      // `models/gemini-2.5-flash`, `publishers/google/models/gemini-2.5-pro:generateContent`, `google/gemini-2.5-pro`
      name = name
        .replace(/^.*\bmodels\//, '')
        .replace(/:[A-Za-z]+$/, '')
        .replace(/^google\//, '')
      break
    case 'aws-bedrock':
      // Model ids arrive URL-encoded from the path (`…-v1%3A0`) or as ARNs of foundation models and inference profiles.
      name = safeDecode(name).replace(/^arn:aws[^/]*\//, '')
      break
    case 'workers-ai':
      name = name.replace(/^workers-ai\//, '')
      break
  }
  return name
}

/** A trailing release date or version stamp: -20240620, -2024-06-20, @20250929, -2503, -0709. */
const DATE_SUFFIX = /[-@](?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4})$/

/**
 * Names to try in order. The catalogue already matches most dated ids to their family (gpt-4o-2024-08-06,
 * claude-3-5-sonnet-20241022); stripping the date is the fallback for the ones it does not.
 */
export function modelCandidates(slug: string, model: string): string[] {
  const name = normalise(slug, model)
  const candidates = [name]
  const undated = name.replace(DATE_SUFFIX, '')
  if (undated !== name && undated !== '') candidates.push(undated)
  return candidates
}
