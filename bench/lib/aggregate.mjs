// Turns raw per-round samples into the figures the report shows: medians per cell, then comparisons with the
// direct, nginx and minimal-passthrough rows of the same mode and concurrency.

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (v.length === 0) return NaN
  const mid = v.length >> 1
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}

const sum = (values) => values.reduce((a, b) => a + b, 0)
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN)

/** Median figures of one cell from its samples (one per round). */
export function summarizeCell(cell) {
  const s = cell.samples
  if (s.length === 0) return null
  const requests = sum(s.map((x) => x.requests))
  return {
    rounds: s.length,
    rps: median(s.map((x) => x.rps)),
    p50Ms: median(s.map((x) => x.p50Ms)),
    p99Ms: median(s.map((x) => x.p99Ms)),
    targetCpuUsPerReq: median(s.map((x) => x.targetCpuUsPerReq)),
    mockCpuUsPerReq: median(s.map((x) => x.mockCpuUsPerReq)),
    upstreamPerRequest: ratio(sum(s.map((x) => x.upstreamRequests)), requests),
    newUpstreamConnections: sum(s.map((x) => x.upstreamConnections)),
    requests,
    errors: sum(s.map((x) => x.errorCount)),
  }
}

/** Adds the comparison columns to every summarized cell, in place. */
export function addComparisons(cells) {
  const find = (target, mode, concurrency) =>
    cells.find((c) => c.target === target && c.mode === mode && c.concurrency === concurrency)?.summary ??
    null
  for (const cell of cells) {
    const s = cell.summary
    if (!s) continue
    const direct = find('direct', cell.mode, cell.concurrency)
    const nginx = find('nginx', cell.mode, cell.concurrency)
    const minimal = find('minimal', cell.mode, cell.concurrency)
    Object.assign(s, {
      addedP50Ms: direct ? s.p50Ms - direct.p50Ms : NaN,
      addedP99Ms: direct ? s.p99Ms - direct.p99Ms : NaN,
      rpsVsDirect: ratio(s.rps, direct?.rps),
      rpsVsNginx: ratio(s.rps, nginx?.rps),
      cpuVsNginx: ratio(s.targetCpuUsPerReq, nginx?.targetCpuUsPerReq),
      cpuVsMinimal: ratio(s.targetCpuUsPerReq, minimal?.targetCpuUsPerReq),
    })
  }
}

/** Medians of the paced-stream samples, and the time each target adds over direct. */
export function summarizePaced(rows) {
  for (const row of rows) {
    const ok = (row.samples ?? []).filter((x) => !x.error && x.status === 200)
    row.failed = (row.samples?.length ?? 0) - ok.length
    row.summary = ok.length
      ? {
          n: ok.length,
          headersMs: median(ok.map((x) => x.headersMs)),
          ttfbMs: median(ok.map((x) => x.ttfbMs)),
          totalMs: median(ok.map((x) => x.totalMs)),
          chunks: median(ok.map((x) => x.chunks)),
        }
      : null
  }
  const direct = rows.find((r) => r.target === 'direct')?.summary
  for (const row of rows) {
    if (!row.summary) continue
    row.summary.addedTtfbMs = direct ? row.summary.ttfbMs - direct.ttfbMs : NaN
    row.summary.addedTotalMs = direct ? row.summary.totalMs - direct.totalMs : NaN
  }
  return rows
}
