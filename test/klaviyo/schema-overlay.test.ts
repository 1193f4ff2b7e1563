import { describe, expect, it } from 'vitest';
import { LIMITS, withOverlay } from '../../src/klaviyo/schema-overlay.js';

const eventSchema = (name: object) => ({
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        attributes: {
          type: 'object',
          properties: {
            properties: { type: 'object' },
            metric: { $ref: '#/$defs/Metric' },
          },
        },
      },
    },
  },
  $defs: {
    Metric: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: {
            data: { type: 'object', properties: { attributes: { type: 'object', properties: { name } } } },
          },
        },
      ],
    },
  },
});

describe('schema overlay', () => {
  it('adds each limit where the body path leads, through $refs and nullable branches, without touching its input', () => {
    const input = eventSchema({ type: 'string' });
    const out = withOverlay('create-event', input, { strict: true }) as any;
    expect(out.properties.data.properties.attributes.properties.properties).toEqual({
      type: 'object',
      maxProperties: 400,
    });
    expect(out.$defs.Metric.anyOf[1].properties.data.properties.attributes.properties.name).toEqual({
      type: 'string',
      maxLength: 127,
    });
    expect(JSON.stringify(input)).not.toContain('maxLength');
  });

  it('a path the spec no longer has: an error for the build (strict), skipped for a user spec', () => {
    const moved = { type: 'object', properties: { data: { type: 'object', properties: {} } } };
    expect(() => withOverlay('create-event', moved, { strict: true })).toThrow(
      /create-event has no data\.attributes\.metric/,
    );
    expect(withOverlay('create-event', moved)).toEqual(moved);
  });

  it("every limit says why, in Klaviyo's words", () => {
    for (const limit of LIMITS) expect(limit.why).toMatch(/Klaviyo|klaviyo\.com/);
  });
});
