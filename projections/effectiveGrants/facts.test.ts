import { describe, expect, it } from 'vitest'
import { grantsOf, staleGroupEntries, type Facts } from './facts.js'

const on = (version: number, pv: number) => ({ version, value: { pv } })
const off = (version: number) => ({ version, value: null })
const member = (version: number) => ({ version, value: {} })

describe('grantsOf', () => {
  it('holds live direct policies and the group policies of the current membership only', () => {
    const facts: Facts = {
      'd:p1': on(3, 2),
      'd:p2': off(4),
      'g:g1': member(5),
      'gp:g1@5/p3': on(7, 7),
      'gp:g1@2/p4': on(8, 8),
      'gp:g1@5/p5': off(9),
      'g:g2': off(6),
      'gp:g2@1/p6': on(2, 1),
    }
    expect(grantsOf(facts)).toEqual({
      owner: false,
      policies: [
        { policyId: 'p1', policyVersion: 2, path: 'direct/p1' },
        { policyId: 'p3', policyVersion: 7, path: 'group/g1/p3' },
      ],
    })
  })

  it('knows the owner, and an owner fact turned off', () => {
    expect(grantsOf({ owner: member(1) }).owner).toBe(true)
    expect(grantsOf({ owner: off(2) }).owner).toBe(false)
    expect(grantsOf(undefined)).toEqual({ owner: false, policies: [] })
  })
})

describe('staleGroupEntries', () => {
  it('drops every entry of a group left, and keeps entries of a join not yet recorded', () => {
    const facts: Facts = { 'g:g1': off(6), 'gp:g1@5/p1': on(3, 3), 'gp:g1@6/p2': off(2), 'gp:g1@8/p3': on(4, 4), 'gp:g2@1/p1': on(1, 1) }
    expect(staleGroupEntries(facts, 'g1').sort()).toEqual(['gp:g1@5/p1', 'gp:g1@6/p2'])
  })

  it('keeps the live membership and drops older ones', () => {
    const facts: Facts = { 'g:g1': member(6), 'gp:g1@6/p1': on(3, 3), 'gp:g1@2/p1': on(2, 2) }
    expect(staleGroupEntries(facts, 'g1')).toEqual(['gp:g1@2/p1'])
  })

  it('removes nothing before the membership is known', () => {
    expect(staleGroupEntries({ 'gp:g1@6/p1': on(3, 3) }, 'g1')).toEqual([])
  })
})
