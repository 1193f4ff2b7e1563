import { describe, expect, it } from 'vitest';
import { parseJsonForRender } from '../../src/render/index.js';
import { check, errors, eventBody, pos, warnings } from './helpers.js';

/** A body in the generator's style: lookup chains, escapejs, loops with separators, if-guarded members. */
const GENERATED = `{
  "data": {
    "type": "event",
    "attributes": {
      "properties": {
        "Shipping Rate": "{{ event.ShippingRate|default_if_none:''|escapejs }}",
        "sku": "{{ event|lookup:'$extra'|lookup:'line_items'|lookup:'0'|lookup:'sku'|default_if_none:''|escapejs }}",
        "Items": [{% for item in event.Items %}"{{ item|default_if_none:''|escapejs }}"{% if not forloop.last %},{% endif %}{% endfor %}],
        "Lines": [{% for line in event|lookup:'$extra'|lookup:'line_items' %}{"sku": "{{ line.sku|escapejs }}", "qty": {{ line.quantity|default:0 }}}{% if not forloop.last %},{% endif %}{% endfor %}]
        {% if event|lookup:'Item Count' != None and event|lookup:'Item Count' != '' %},"Item Count": {{ event|lookup:'Item Count' }}{% endif %}
        {% if event.OptedIn != None and event.OptedIn != '' %},"OptedIn": {{ event.OptedIn|yesno:'true,false' }}{% endif %}
      },
      "metric": {"data": {"type": "metric", "attributes": {"name": "Placed Order Flat"}}},
      "profile": {"data": {"type": "profile", "id": "{{ person.KlaviyoID }}", "attributes": {}}}
      {% if event|lookup:'$value' != None and event|lookup:'$value' != '' %},"value": {{ event|lookup:'$value' }}{% endif %}
      {% if event|lookup:'$event_id' != None and event|lookup:'$event_id' != '' %},"unique_id": "{{ event|lookup:'$event_id'|escapejs }}"{% endif %}
    }
  }
}`;

const SAMPLE = parseJsonForRender(`{
  "$event_id": "5873019486512", "$value": 89.93, "ShippingRate": "Economy \\"Fast\\"", "Item Count": 2, "OptedIn": true,
  "Items": ["Women's 12\\" Vinyl Record Tote", "Coffee Set"],
  "$extra": {"line_items": [{"sku": "TOTE-1", "quantity": 2}, {"sku": "COF-2", "quantity": 1}]}
}`);

describe('no false alarms', () => {
  it('a generated-style body passes without a sample', () => {
    const r = check(GENERATED);
    expect(r.problems).toEqual([]);
    expect(r.editorSafe).toBe(false);
  });

  it('and with a sample, rendering to the exact values', () => {
    const r = check(GENERATED, { sample: SAMPLE });
    expect(r.problems).toEqual([]);
    const props = JSON.parse(r.rendered!).data.attributes.properties;
    expect(props).toEqual({
      'Shipping Rate': 'Economy "Fast"',
      sku: 'TOTE-1',
      Items: [`Women's 12" Vinyl Record Tote`, 'Coffee Set'],
      Lines: [
        { sku: 'TOTE-1', qty: 2 },
        { sku: 'COF-2', qty: 1 },
      ],
      'Item Count': 2,
      OptedIn: true,
    });
  });

  it('and with an event that lacks the optional fields', () => {
    const r = check(GENERATED, { sample: { Items: [], ShippingRate: 'x' } });
    expect(errors(r.problems)).toEqual([]);
    expect(JSON.parse(r.rendered!).data.attributes.properties.Items).toEqual([]);
  });
});

describe('with a sample (issue 3 §6)', () => {
  it('a tag reading a field the sample lacks, with the nearest keys', () => {
    const body = eventBody(`"a": "{{ event.ShipingRate|escapejs }}"`);
    const w = warnings(check(body, { sample: SAMPLE }).problems);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ at: '/data/attributes/properties/a', ...pos(body, '{{ event.Shiping') });
    expect(w[0]!.message).toContain('event.ShipingRate is not in the sample event');
    expect(w[0]!.message).toContain('nearest keys: ShippingRate');
  });

  it('follows loop variables and $extra reached as extra', () => {
    const body = eventBody(
      `"l": [{% for l in event.extra.line_items %}"{{ l.skuu|escapejs }}"{% if not forloop.last %},{% endif %}{% endfor %}]`,
    );
    const w = warnings(check(body, { sample: SAMPLE }).problems);
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('event.extra.line_items[each].skuu');
    expect(w[0]!.message).toContain('sku');
  });

  it('an unescaped quote in the value breaks the rendered JSON, traced to its tag', () => {
    const body = eventBody(`"rate": "{{ event.ShippingRate }}"`);
    const r = check(body, { sample: SAMPLE });
    const errs = errors(r.problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ at: '/data/attributes/properties/rate', ...pos(body, '{{ event.ShippingRate') });
    expect(errs[0]!.message).toContain('rendered line 6');
    expect(errs[0]!.message).toContain('{{ event.ShippingRate }} printed');
    expect(r.rendered).toContain('"rate": "Economy "Fast""');
  });

  it('a missing field leaves "key": , and the tag that printed nothing is named', () => {
    const body = eventBody(`"n": {{ event.Missing }}, "b": 1`);
    const errs = errors(check(body, { sample: SAMPLE }).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject(pos(body, '{{ event.Missing'));
    expect(errs[0]!.message).toContain('{{ event.Missing }} printed nothing');
  });

  it('real values: an unquoted tag printing a number passes, one printing text breaks the JSON', () => {
    const body = eventBody(`"a": 1`, `,\n      "value": {{ event.ShippingRate }}`);
    const errs = errors(check(body, { sample: { ...(SAMPLE as object), ShippingRate: '12.5' } }).problems);
    expect(errs.map((e) => e.at)).toEqual([]);
    const notNumber = errors(check(body, { sample: { ShippingRate: 'abc' } }).problems);
    expect(notNumber).toHaveLength(1);
    expect(notNumber[0]!.message).toContain('renders to invalid JSON');
  });

  it('schema problems of the rendered value are located in the body', () => {
    const body = eventBody(`"a": 1`).replace('"Promoted Order"', `"{{ event.Name|escapejs }}"`);
    const errs = errors(check(body, { sample: { Name: 'N'.repeat(130) } }).problems);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ at: '/data/attributes/metric/data/attributes/name', ...pos(body, '"name"') });
    expect(errs[0]!.message).toMatch(/^with the sample: .*130 characters/);
  });

  it('a render failure is reported at its tag', () => {
    const body = eventBody(`"a": {{ event.n|divisibleby:event.zz|yesno:'true,false' }}`);
    const r = check(body, { sample: { n: 'x' } });
    expect(errors(r.problems).some((p) => p.message.startsWith('rendering with the sample fails'))).toBe(true);
  });
});
