import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../core/errors.js'
import { thrown } from '../identity/test-support/fixtures.js'
import { toGeminiSchema } from './schema.js'

describe('JSON Schema → Gemini schema', () => {
  it('inlines local $refs (as zod and pydantic emit them) and keeps sibling keywords', () => {
    const { schema, warnings } = toGeminiSchema(
      {
        type: 'object',
        properties: {
          home: { $ref: '#/$defs/Address', description: 'Home address' },
          work: { $ref: '#/definitions/Address' },
        },
        $defs: {
          Address: { type: 'object', properties: { street: { type: 'string' } }, required: ['street'] },
        },
        definitions: { Address: { type: 'object', properties: { city: { type: 'string' } } } },
      },
      'p',
    )
    expect(schema).toEqual({
      type: 'OBJECT',
      properties: {
        home: {
          type: 'OBJECT',
          description: 'Home address',
          properties: { street: { type: 'STRING' } },
          required: ['street'],
        },
        work: { type: 'OBJECT', properties: { city: { type: 'STRING' } } },
      },
    })
    expect(warnings).toEqual([])
  })

  it('rejects recursive schemas, which Gemini cannot express', () => {
    const error = thrown(() =>
      toGeminiSchema(
        {
          type: 'object',
          properties: { child: { $ref: '#/$defs/Node' } },
          $defs: { Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } } } },
        },
        'p',
      ),
    )
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).message).toContain(
      'p.properties.child.properties.child.$ref: recursive schema #/$defs/Node',
    )
  })

  it('turns null branches into nullable and collapses a single remaining branch', () => {
    const { schema } = toGeminiSchema(
      {
        type: 'object',
        properties: {
          note: {
            anyOf: [{ type: 'string', maxLength: 20 }, { type: 'null' }],
            description: 'Optional note',
          },
        },
      },
      'p',
    )
    expect(schema.properties?.note).toEqual({
      type: 'STRING',
      maxLength: 20,
      nullable: true,
      description: 'Optional note',
    })
  })

  it('expresses several types as anyOf and oneOf as anyOf with a warning', () => {
    const { schema, warnings } = toGeminiSchema(
      {
        type: 'object',
        properties: {
          id: { type: ['string', 'integer'] },
          v: { oneOf: [{ type: 'number' }, { type: 'boolean' }] },
        },
      },
      'p',
    )
    expect(schema.properties?.id).toEqual({ anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }] })
    expect(schema.properties?.v).toEqual({ anyOf: [{ type: 'NUMBER' }, { type: 'BOOLEAN' }] })
    expect(warnings).toEqual(['p.properties.v.oneOf: sent as anyOf (Gemini has no oneOf)'])
  })

  it('keeps array items and bounds, converts const, drops non-string enums and unknown keywords with a count', () => {
    const { schema, warnings } = toGeminiSchema(
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          tags: {
            type: 'array',
            items: { type: 'string', format: 'email' },
            minItems: 1,
            maxItems: 3,
            uniqueItems: true,
          },
          kind: { const: 'user' },
          level: { type: 'integer', enum: [1, 2, 3], minimum: 1 },
          meta: { type: 'object', additionalProperties: { type: 'string' } },
        },
        required: ['tags', 'missing'],
      },
      'p',
    )
    expect(schema).toEqual({
      type: 'OBJECT',
      properties: {
        tags: { type: 'ARRAY', items: { type: 'STRING', format: 'email' }, minItems: 1, maxItems: 3 },
        kind: { type: 'STRING', enum: ['user'] },
        level: { type: 'INTEGER', minimum: 1 },
        meta: { type: 'OBJECT' },
      },
      required: ['tags'],
    })
    expect(warnings).toEqual([
      'p.additionalProperties: not supported by Gemini, dropped (and at 1 more places)',
      'p.properties.tags.uniqueItems: not supported by Gemini, dropped',
      'p.properties.level.enum: Gemini enums hold strings only, dropped',
      'p.required: names without a matching property, dropped',
    ])
  })
})

describe('JSON Schema → Gemini schema, keywords on the wrong type', () => {
  it('splits object-or-array unions so each branch keeps only its own keywords', () => {
    const { schema, warnings } = toGeminiSchema(
      { type: ['object', 'array', 'null'], properties: { a: { type: 'string' } }, items: { type: 'number' } },
      'p',
    )
    expect(schema).toEqual({
      nullable: true,
      anyOf: [
        { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
        { type: 'ARRAY', items: { type: 'NUMBER' } },
      ],
    })
    expect(warnings).toEqual([])
  })

  it('drops properties on a non-object schema with a warning (Gemini: "only allowed for OBJECT type")', () => {
    const { schema, warnings } = toGeminiSchema(
      { type: 'string', properties: { x: { type: 'string' } } },
      'p',
    )
    expect(schema).toEqual({ type: 'STRING' })
    expect(warnings).toEqual(['p.properties: only allowed on objects for Gemini, dropped'])
  })
})
