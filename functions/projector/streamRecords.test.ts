import { describe, expect, it } from 'vitest'
import { eventOfRecord } from './streamRecords.js'

const meta = { M: { eventId: { S: '01J0000000000000000000000A' }, actor: { M: { kind: { S: 'user' }, id: { S: 'u' } } } } }

describe('stream records', () => {
  it('reads an empty map written as {} (DynamoDB Local) as an empty map', () => {
    const record = {
      eventName: 'INSERT',
      dynamodb: { NewImage: { streamId: { S: 'o#t#a' }, version: { N: '2' }, type: { S: 'T' }, data: {}, meta, tags: { L: [{}] } } },
    }
    expect(eventOfRecord(record)).toMatchObject({ streamId: 'o#t#a', version: 2, type: 'T', data: {} })
  })

  it('ignores records that are not inserts and refuses images that are not events', () => {
    expect(eventOfRecord({ eventName: 'REMOVE', dynamodb: {} })).toBeUndefined()
    expect(() => eventOfRecord({ eventName: 'INSERT', dynamodb: { NewImage: { streamId: { S: 'x' } } } })).toThrow(/not an event/)
  })
})
