import { checkWebhookBody, type CheckOptions } from '../../src/check/index.js';
import type { Problem } from '../../src/problem.js';

export const TODAY = '2026-03-10';

/** The tutorial's two bodies, verbatim. */
export const EXAMPLE_1 = `{ "data": { "type": "profile", "attributes": { "id" : "{{person.KlaviyoID}}", "properties": { "ShippingRate": "{{ event.ShippingRate }}" } } } }`;
export const EXAMPLE_2 = `{ "data": { "type": "event", "attributes": { "properties": { "Shipping Rate": "{{event.ShippingRate}}" }, "metric": { "data": { "type": "metric", "attributes":{ "name" : "Selected Shipping Rate" } } }, "profile": { "data": { "type": "profile", "attributes": { }, "id": "{{person.KlaviyoID}}" } } } } }`;

export function check(body: string, options: Partial<CheckOptions> = {}) {
  return checkWebhookBody(body, { revision: '2025-10-15', today: TODAY, ...options });
}

export function errors(problems: Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error');
}
export function warnings(problems: Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'warning');
}

/** 1-based line:column of the first occurrence of `needle` (after `from` occurrences of it). */
export function pos(body: string, needle: string, nth = 0): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = body.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`${needle} not in body`);
  const before = body.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

/** A Create Event body around the given `properties` members, otherwise correct. */
export function eventBody(properties: string, extra = ''): string {
  return `{
  "data": {
    "type": "event",
    "attributes": {
      "properties": {
        ${properties}
      },
      "metric": {"data": {"type": "metric", "attributes": {"name": "Promoted Order"}}},
      "profile": {"data": {"type": "profile", "id": "{{ person.KlaviyoID }}", "attributes": {}}},
      "unique_id": "{{ event|lookup:'$event_id'|escapejs }}"${extra}
    }
  }
}`;
}
