import { describe, expect, it } from 'vitest';
import { renderSampleFromText } from '../src/cli/commands/shared.js';
import { generate } from '../src/generate.js';
import { describeType, listFields } from '../src/paths/index.js';
import { previewOfRendering, preview } from '../src/preview.js';
import { listExamples, readExample } from '../src/examples.js';
import { parseSample } from '../src/sample/parse.js';

const TODAY = '2026-11-28';

describe("generate's preview option", () => {
  it('gives each body the preview `preview` gives it, from the one rendering its check made, for every bundled example', () => {
    let compared = 0;
    for (const { id } of listExamples()) {
      const { text } = readExample(id);
      const sample = parseSample(text, id);
      const renderSample = renderSampleFromText(text);
      const paths = listFields(sample.properties)
        .filter((f) => !/object|null/.test(describeType(f.type)))
        .map((f) => f.text);
      const picks = [paths.slice(0, 6), paths.slice(6, 12), paths.slice(-4)].filter((p) => p.length);
      for (const [i, props] of picks.entries()) {
        const properties = props.map((p, j) => `${p}=field ${j}`);
        const spec = {
          webhooks: [
            { kind: 'create-event' as const, metric: `M${i}`, properties },
            { kind: 'profile-import' as const, properties },
          ],
        };
        const result = generate(spec, sample.properties, { today: TODAY, renderSample, preview: true });
        for (const w of result.webhooks) {
          const { rendered, value, fields } = preview(w.body, {
            sample: renderSample,
            url: w.url,
            revision: result.revision,
            today: TODAY,
          });
          expect(rendered, `${id} ${w.name}`).toBeDefined();
          expect(w.preview, `${id} ${w.name}`).toEqual({ rendered, value, fields });
          compared++;
        }
        // Without the option there is none, and the rest of the result is the same.
        const plain = generate(spec, sample.properties, { today: TODAY, renderSample });
        expect(plain.webhooks.map((w) => w.preview)).toEqual(plain.webhooks.map(() => undefined));
        expect(plain.webhooks).toEqual(result.webhooks.map(({ preview: _, ...w }) => w));
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});

describe('previewOfRendering', () => {
  it('shows nothing for a body that did not render, and no fields for a rendering that is not JSON', () => {
    expect(previewOfRendering('{}', undefined, {})).toEqual({ fields: [] });
    expect(previewOfRendering('{"a": {{ x }}}', '{"a": }', {})).toEqual({ rendered: '{"a": }', fields: [] });
  });
});
