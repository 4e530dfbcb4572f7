import { startApp } from './app.js'
import { ConfigError, loadConfig } from './config/load-config.js'

async function main(): Promise<void> {
  const config = loadConfig()
  const app = await startApp(config)
  let stopping = false
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    console.log(
      `aigw: ${signal} received, finishing in-flight requests (up to ${config.limits.shutdownGraceMs} ms)`,
    )
    await app.shutdown()
    console.log('aigw: stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))

  // Printed last: "listening" means signals are already handled.
  for (const notice of app.notices) console.log(`aigw: ${notice}`)
  console.log(`aigw: account ${app.accountId}`)
  console.log(`aigw: listening on ${app.url} (data dir ${config.dataDir})`)
  console.log(`aigw: data plane  ${app.url}/v1/${app.accountId}/{gateway_id}/{provider}/…`)
  console.log(`aigw: management  ${app.url}/client/v4/accounts/${app.accountId}/ai-gateway/…`)
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`aigw: configuration error: ${error.message}`)
  else console.error('aigw: failed to start', error)
  process.exit(1)
})
