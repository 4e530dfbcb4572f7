// What the load generator sends: a realistic small OpenAI chat request, streamed or not.

/** @param {{model: string, stream: boolean}} opts */
export function chatCompletionBody({ model, stream }) {
  const body = {
    model,
    messages: [
      { role: 'system', content: 'You are a concise assistant. Answer in one sentence.' },
      { role: 'user', content: 'Describe what an AI gateway does for a team running several LLM providers.' },
    ],
    max_tokens: 256,
    temperature: 0.2,
  }
  if (stream) Object.assign(body, { stream: true, stream_options: { include_usage: true } })
  return JSON.stringify(body)
}
