import { afterEach, describe, expect, it, vi } from 'vitest'
import { metricsForProcess, powertoolsMetrics } from './metrics.js'

describe('metrics', () => {
  afterEach(() => vi.restoreAllMocks())

  it('publishes what an invocation recorded as one embedded-metric-format line in the Iam namespace', () => {
    const lines: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true))
    const metrics = powertoolsMetrics('iam-test')
    metrics.count('CommandsSucceeded')
    metrics.milliseconds('CommandLatency', 12.6)
    metrics.publish()
    const emf = lines.map((line) => JSON.parse(line)).find((entry) => entry._aws)
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('Iam')
    expect(emf._aws.CloudWatchMetrics[0].Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'CommandsSucceeded', Unit: 'Count' },
        { Name: 'CommandLatency', Unit: 'Milliseconds' },
      ]),
    )
    expect(emf).toMatchObject({ CommandsSucceeded: 1, CommandLatency: 13, service: 'iam-test' })
  })

  it('publishes nothing for an invocation that recorded nothing, and nothing outside Lambda', () => {
    const lines: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true))
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    powertoolsMetrics('iam-test').publish()
    const local = metricsForProcess('iam-test', {})
    local.count('ChecksAllowed')
    local.publish()
    expect(lines).toEqual([])
  })
})
