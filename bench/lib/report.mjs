// Markdown rendering of a finished run (the same object that is written as JSON).

const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '–')
const fmtInt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–')
const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–')
const fmtSigned = (x, digits = 2) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(digits)}` : '–')
const fmtMb = (kb) => (Number.isFinite(kb) && kb > 0 ? `${(kb / 1024).toFixed(0)} MB` : '–')

const table = (header, rows) =>
  [
    `| ${header.map((h) => h[0]).join(' | ')} |`,
    `|${header.map((h) => (h[1] === 'r' ? '--:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')

function metaSection(meta, o) {
  return [
    `# aigw overhead benchmark — ${meta.startedAt}`,
    '',
    `Node ${meta.versions.node}, ${meta.versions.nginx ?? 'nginx missing'}, ${meta.versions.wrk ?? 'wrk missing'}, ` +
      `Portkey ${meta.versions.portkey ?? 'not installed'}, aigw ${meta.versions.aigwCommit ?? '?'}. ` +
      `${meta.cpu.count} × ${meta.cpu.model}.`,
    `Pinning: ${meta.pinned ? 'wrk on CPU 0, mock + target on CPU 1' : 'OFF (taskset missing or < 2 CPUs) — figures are noisier'}. ` +
      `${o.rounds} interleaved round(s) × ${o.durationSec} s per cell (after ${o.settleSec} s unmeasured), warm-up ${o.warmupNodeSec} s per mode for Node ` +
      `targets and ${o.warmupNativeSec} s otherwise${o.quick ? ' (**--quick smoke run: not for comparisons**)' : ''}. ` +
      `Load average at start ${meta.loadavg.start.map((x) => x.toFixed(2)).join(' ')}, ` +
      `at end ${meta.loadavg.end.map((x) => x.toFixed(2)).join(' ')}.`,
  ].join('\n')
}

function targetNote(t) {
  if (t.status !== 'ok') return `skipped: ${oneLine(t.note)}`
  const failed = Object.entries(t.modes ?? {}).filter(([, m]) => m.error)
  return failed.length ? `${failed.map(([mode]) => mode).join(', ')} probe failed (see Notes)` : ''
}

function summarySection(results) {
  const c = results.options.concurrency.includes(16) ? 16 : Math.max(...results.options.concurrency)
  const pick = (t, mode) =>
    results.cells.find((x) => x.target === t && x.mode === mode && x.concurrency === c)
  const rows = results.targets.map((t) => {
    const j = pick(t.name, 'json')?.summary
    const s = pick(t.name, 'sse')?.summary
    const paced = results.paced.find((p) => p.target === t.name)?.summary
    return [
      t.name,
      fmtInt(j?.targetCpuUsPerReq),
      fmtInt(s?.targetCpuUsPerReq),
      `${fmtRatio(j?.cpuVsNginx)} / ${fmtRatio(s?.cpuVsNginx)}`,
      `${fmtRatio(j?.cpuVsMinimal)} / ${fmtRatio(s?.cpuVsMinimal)}`,
      fmtInt(j?.rps),
      fmtInt(s?.rps),
      t.name === 'direct' ? '–' : fmtSigned(paced?.addedTtfbMs),
      fmtMb(t.peakRssKb),
      targetNote(t),
    ]
  })
  const header = [
    ['target'],
    ['JSON µs/req', 'r'],
    ['SSE µs/req', 'r'],
    ['CPU ×nginx JSON/SSE', 'r'],
    ['CPU ×minimal JSON/SSE', 'r'],
    ['req/s JSON', 'r'],
    ['req/s SSE', 'r'],
    ['added TTFB paced (ms)', 'r'],
    ['peak RSS', 'r'],
    ['note'],
  ]
  return `## Summary (concurrency ${c})\n\n${table(header, rows)}`
}

function cellRow(cell, target) {
  const s = cell.summary
  if (!s)
    return [
      cell.target,
      String(cell.concurrency),
      `**failed**: ${oneLine(cell.error)}`,
      ...Array(13).fill(''),
    ]
  return [
    cell.target,
    String(cell.concurrency),
    fmtInt(s.rps),
    fmt(s.p50Ms, 2),
    fmt(s.p99Ms, 2),
    cell.target === 'direct' ? '–' : fmtSigned(s.addedP50Ms),
    cell.target === 'direct' ? '–' : fmtSigned(s.addedP99Ms),
    fmtInt(s.targetCpuUsPerReq),
    fmtInt(s.mockCpuUsPerReq),
    fmtMb(target?.peakRssKb),
    fmtRatio(s.rpsVsDirect),
    fmtRatio(s.rpsVsNginx),
    fmtRatio(s.cpuVsNginx),
    fmtRatio(s.cpuVsMinimal),
    `${fmt(s.upstreamPerRequest, 2)} / ${s.newUpstreamConnections}`,
    s.errors ? `**${s.errors}**${cell.error ? ` ${oneLine(cell.error)}` : ''}` : '0',
  ]
}

const oneLine = (text) =>
  String(text ?? '')
    .split('\n')[0]
    .replace(/\|/g, '\\|')
    .slice(0, 160)

function modeSection(results, mode, title) {
  const header = [
    ['target'],
    ['conc', 'r'],
    ['req/s', 'r'],
    ['p50 ms', 'r'],
    ['p99 ms', 'r'],
    ['+p50 ms', 'r'],
    ['+p99 ms', 'r'],
    ['CPU µs/req', 'r'],
    ['mock µs/req', 'r'],
    ['peak RSS', 'r'],
    ['req/s ×direct', 'r'],
    ['req/s ×nginx', 'r'],
    ['CPU ×nginx', 'r'],
    ['CPU ×minimal', 'r'],
    ['upstream req/req / new conns', 'r'],
    ['errors', 'r'],
  ]
  const rows = results.cells
    .filter((c) => c.mode === mode)
    .map((c) =>
      cellRow(
        c,
        results.targets.find((t) => t.name === c.target),
      ),
    )
  return `## ${title}\n\n${table(header, rows)}`
}

function pacedSection(results) {
  const p = results.paced
  if (p.length === 0) return '## Paced stream\n\nNot run.'
  const { firstDelayMs, interDelayMs } = results.options.paced
  const rows = p.map((r) => {
    const s = r.summary
    if (!s)
      return [
        r.target,
        `**failed**: ${oneLine(r.error ?? `${r.failed} failed requests`)}`,
        '',
        '',
        '',
        '',
        '',
        '',
      ]
    return [
      r.target,
      String(s.n),
      fmt(s.headersMs, 2),
      fmt(s.ttfbMs, 2),
      r.target === 'direct' ? '–' : fmtSigned(s.addedTtfbMs),
      fmt(s.totalMs, 2),
      r.target === 'direct' ? '–' : fmtSigned(s.addedTotalMs),
      fmt(s.chunks, 0),
    ]
  })
  const header = [
    ['target'],
    ['n', 'r'],
    ['headers ms', 'r'],
    ['first byte ms', 'r'],
    ['added TTFB ms', 'r'],
    ['last byte ms', 'r'],
    ['added total ms', 'r'],
    ['body chunks', 'r'],
  ]
  return (
    `## Paced stream (mock: ${firstDelayMs} ms to first event, ${interDelayMs} ms between events; medians)\n\n` +
    table(header, rows)
  )
}

function notesSection(results) {
  const notes = []
  for (const t of results.targets) {
    if (t.status !== 'ok') notes.push(`- **${t.name}** skipped: ${t.note.replace(/\n/g, '\n  ')}`)
    for (const [mode, m] of Object.entries(t.modes ?? {})) {
      if (m.error) notes.push(`- **${t.name}** ${mode} not measured: ${m.error.replace(/\n/g, '\n  ')}`)
    }
  }
  for (const c of results.cells) {
    if (c.error && c.summary) notes.push(`- ${c.target} ${c.mode} c${c.concurrency}: ${oneLine(c.error)}`)
  }
  for (const line of results.mockStats
    ? [`- mock upstream totals: ${JSON.stringify(results.mockStats)}`]
    : []) {
    notes.push(line)
  }
  return notes.length ? `## Notes\n\n${notes.join('\n')}` : ''
}

export function renderMarkdown(results) {
  return [
    metaSection(results.meta, results.options),
    summarySection(results),
    modeSection(results, 'json', 'Non-streamed JSON'),
    modeSection(results, 'sse', '20-event SSE stream (burst mock)'),
    pacedSection(results),
    notesSection(results),
  ]
    .filter(Boolean)
    .join('\n\n')
    .concat('\n')
}
