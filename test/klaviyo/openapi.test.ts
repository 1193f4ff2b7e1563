import { describe, expect, test } from 'vitest';
import { requestSchemaFromOpenApi } from '../../src/klaviyo/openapi-schema.js';
import { validatorFromOpenApi } from '../../src/klaviyo/openapi.js';
import { UserError } from '../../src/errors.js';
import { loadSpec } from './fixtures.js';

/** A tiny OpenAPI 3.0 document with the shapes Klaviyo's specs use. */
function doc(schema: object, components: Record<string, object> = {}) {
  return {
    openapi: '3.0.2',
    info: { version: '2099-01-15' },
    paths: {
      '/api/profile-import': { post: { requestBody: { content: { 'application/vnd.api+json': { schema } } } } },
    },
    components: { schemas: components },
  };
}

function keysDeep(node: unknown): string[] {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [k, ...keysDeep(v)]);
}

describe('requestSchemaFromOpenApi', () => {
  test('rejects what is not an OpenAPI 3 document, or lacks the path, with one-line UserErrors', () => {
    expect(() => requestSchemaFromOpenApi({ hello: 1 }, 'create-event')).toThrow(UserError);
    expect(() => requestSchemaFromOpenApi('x', 'create-event')).toThrow(/not an OpenAPI document/);
    expect(() => requestSchemaFromOpenApi({ swagger: '2.0', openapi: '2.0', paths: {} }, 'create-event')).toThrow(
      /only OpenAPI 3/,
    );
    expect(() => requestSchemaFromOpenApi(doc({ type: 'object' }), 'create-event')).toThrow(
      "The --openapi document has no request body for POST /api/events (Create Event); is it Klaviyo's API spec?",
    );
    expect(() => requestSchemaFromOpenApi(doc({ $ref: '#/components/schemas/Nope' }), 'profile-import')).toThrow(
      /broken \$ref/,
    );
    expect(() => requestSchemaFromOpenApi(doc({ $ref: 'other.json#/X' }), 'profile-import')).toThrow(
      /refers outside itself/,
    );
  });

  test('resolves $ref with siblings, turns nullable into null types, drops annotations, closes declared objects', () => {
    const schema = requestSchemaFromOpenApi(
      doc(
        {
          type: 'object',
          description: 'root',
          properties: {
            loc: { $ref: '#/components/schemas/Loc', nullable: true, description: 'sibling' },
            lat: { nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }] },
            kind: { $ref: '#/components/schemas/Kind' },
            open: { type: 'object', nullable: true, example: { a: 1 } },
            attrs: { properties: { name: { type: 'string', 'x-klaviyo-pii': true } }, required: ['name'] },
            both: { allOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'string' } } }] },
          },
        },
        {
          Loc: { type: 'object', properties: { city: { type: 'string', nullable: true } } },
          Kind: { type: 'string', enum: ['profile'], 'x-klaviyo-operation': 'x' },
        },
      ),
      'profile-import',
    );
    expect(schema).toEqual({
      $comment:
        'POST /api/profile-import (Create or Update Profile) from OpenAPI document 2099-01-15, with unknown keys rejected',
      type: 'object',
      additionalProperties: false,
      properties: {
        loc: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { city: { type: ['string', 'null'] } },
        },
        lat: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] },
        kind: { type: 'string', enum: ['profile'] },
        open: { type: ['object', 'null'] },
        // the 2024-10-15 spec leaves `type: object` off objects like this one
        attrs: {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string' } },
          required: ['name'],
        },
        // parts of an allOf stay open, or each would reject the other's keys
        both: {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } } },
            { type: 'object', properties: { b: { type: 'string' } } },
          ],
        },
      },
    });
  });

  test('recursive schemas go to $defs instead of inlining forever', async () => {
    const d = doc(
      { type: 'object', properties: { data: { $ref: '#/components/schemas/Node' } } },
      {
        Node: {
          type: 'object',
          properties: { name: { type: 'string' }, child: { $ref: '#/components/schemas/Node', nullable: true } },
        },
      },
    );
    const schema = requestSchemaFromOpenApi(d, 'profile-import') as Record<string, any>;
    expect(schema.$defs.Node.properties.child).toEqual({ anyOf: [{ type: 'null' }, { $ref: '#/$defs/Node' }] });
    const validate = await validatorFromOpenApi(d, 'profile-import');
    expect(validate({ data: { name: 'a', child: { name: 'b', child: null } } })).toEqual([]);
    expect(validate({ data: { name: 'a', child: { name: 'b', kid: null } } }).map((p) => p.at)).toEqual([
      '/data/child/kid',
    ]);
  });

  test('the converted official specs keep no OpenAPI-only keywords', () => {
    for (const revision of ['2024-10-15', '2026-07-15'] as const) {
      for (const endpoint of ['profile-import', 'create-event', 'bulk-create-events'] as const) {
        const keys = new Set(keysDeep(requestSchemaFromOpenApi(loadSpec(revision), endpoint)));
        for (const k of ['nullable', 'example', 'description', '$ref'])
          expect(keys.has(k), `${endpoint}@${revision}: ${k}`).toBe(false);
        expect([...keys].filter((k) => k.startsWith('x-'))).toEqual([]);
      }
    }
  });

  test('a schema ajv cannot compile is a UserError', async () => {
    await expect(validatorFromOpenApi(doc({ type: 'object', required: 'data' }), 'profile-import')).rejects.toThrow(
      UserError,
    );
  });
});
