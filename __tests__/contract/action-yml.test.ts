import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { getInputs } from '../../src/inputs.js'
import { OUTPUT_NAMES } from '../../src/outputs.js'
import { actionYml } from '../fixtures/action-yml.js'

describe('action.yml', () => {
  it('runs the committed bundle on Node 24', () => {
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(existsSync(join(import.meta.dirname, '..', '..', actionYml.runs.main))).toBe(true)
  })

  it('has the branding the Marketplace needs', () => {
    expect(actionYml.branding.icon).toMatch(/^[a-z-]+$/)
    expect(actionYml.branding.color).toMatch(
      /^(white|black|yellow|blue|green|orange|red|purple|gray-dark)$/
    )
  })

  it('declares exactly the inputs the action reads', () => {
    const read = new Set<string>()
    getInputs(name => {
      read.add(name)
      return name === 'aws-region' ? 'us-east-1' : ''
    })
    expect([...read].sort()).toEqual([...actionYml.inputs].sort())
    expect(actionYml.inputs.length).toBeGreaterThan(20)
  })

  it('declares exactly the outputs the action sets, in the same order', () => {
    expect([...OUTPUT_NAMES]).toEqual(actionYml.outputs)
  })
})
