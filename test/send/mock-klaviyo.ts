/**
 * A local stand-in for https://a.klaviyo.com, on 127.0.0.1 and a free port, for `send`'s tests. It checks every
 * request as Klaviyo would — headers (revision, content type, accept, Authorization = the key) and the body
 * against the official OpenAPI request schema (vendor/klaviyo-openapi, converted with
 * requestSchemaFromOpenApi, ajv) — and answers like Klaviyo: 202 for events, 201 then 200 for profile-import,
 * 400/401/415 with JSON:API errors. Tests can queue scripted answers per path (a 429 with Retry-After, a 400 …).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv, { type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { endpointForUrl, type EndpointId } from '../../src/klaviyo/endpoints.js';
import { requestSchemaFromOpenApi } from '../../src/klaviyo/openapi-schema.js';
import { schemaRevisionFor } from '../../src/klaviyo/revisions.js';
import formats from '../../src/klaviyo/schemas/formats.json' with { type: 'json' };
import { loadSpec } from '../klaviyo/fixtures.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body passed the official schema (undefined: not checked, e.g. bad headers or not JSON). */
  schemaValid?: boolean;
  schemaErrors?: string[];
  status: number;
}

export interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface MockKlaviyo {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: RecordedRequest[];
  /** Answers the next requests to `path` with these, in order, after the header and schema checks. */
  script(path: string, ...responses: Scripted[]): void;
  close(): Promise<void>;
}

const validators = new Map<string, ValidateFunction>();
export function officialValidator(endpoint: EndpointId, revision: string): ValidateFunction {
  const schemaRevision = schemaRevisionFor(revision);
  const key = `${endpoint}@${schemaRevision}`;
  if (!validators.has(key)) {
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      allowUnionTypes: true,
      logger: false,
      formats: { 'date-time': new RegExp(formats['date-time']) },
    });
    validators.set(key, ajv.compile(requestSchemaFromOpenApi(loadSpec(schemaRevision), endpoint)));
  }
  return validators.get(key)!;
}

let errorIds = 0;
export const jsonApiError = (status: number, code: string, title: string, detail: string, pointer?: string) => ({
  errors: [
    {
      id: `mock-${++errorIds}`,
      status,
      code,
      title,
      detail,
      ...(pointer !== undefined ? { source: { pointer } } : {}),
    },
  ],
});

export async function startMockKlaviyo(options: { apiKey: string }): Promise<MockKlaviyo> {
  const requests: RecordedRequest[] = [];
  const scripts = new Map<string, Scripted[]>();
  const profiles = new Set<string>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').replace(/\?.*$/, '');
      const record: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body, status: 0 };
      requests.push(record);
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        record.status = status;
        const text = payload === undefined ? '' : JSON.stringify(payload);
        res.writeHead(status, { ...(text ? { 'content-type': 'application/vnd.api+json' } : {}), ...headers });
        res.end(text);
      };

      const endpoint = endpointForUrl(`https://a.klaviyo.com${path}`);
      if (req.method !== 'POST' || !endpoint)
        return send(404, jsonApiError(404, 'not_found', 'Not found.', `No route for ${req.method} ${path}`));
      if (req.headers.authorization !== `Klaviyo-API-Key ${options.apiKey}`)
        return send(
          401,
          jsonApiError(
            401,
            'not_authenticated',
            'Authentication credentials were not provided.',
            'Missing or invalid private key.',
          ),
        );
      const revision = String(req.headers.revision ?? '');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(revision))
        return send(
          400,
          jsonApiError(400, 'invalid_revision', 'Invalid revision.', `"${revision}" is not a valid revision header`),
        );
      if (req.headers['content-type'] !== 'application/vnd.api+json')
        return send(
          415,
          jsonApiError(
            415,
            'unsupported_media_type',
            'Unsupported media type.',
            `content-type ${req.headers['content-type']}`,
          ),
        );
      if (req.headers.accept !== 'application/vnd.api+json')
        return send(406, jsonApiError(406, 'not_acceptable', 'Not acceptable.', `accept ${req.headers.accept}`));

      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        return send(400, jsonApiError(400, 'parse_error', 'Malformed request.', 'JSON parse error'));
      }
      const validate = officialValidator(endpoint.id, revision);
      record.schemaValid = validate(value);
      record.schemaErrors = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

      const scripted = scripts.get(path)?.shift();
      if (scripted) return send(scripted.status, scripted.body, scripted.headers);
      if (!record.schemaValid) {
        const first = validate.errors![0]!;
        return send(
          400,
          jsonApiError(
            400,
            'invalid',
            'Invalid input.',
            `${first.instancePath || '/'} ${first.message}`,
            first.instancePath || '/data',
          ),
        );
      }
      if (endpoint.id === 'profile-import') {
        const data = (value as { data: { id?: string; attributes: { email?: string } } }).data;
        const who = data.id ?? data.attributes.email ?? 'anonymous';
        const created = !profiles.has(who);
        profiles.add(who);
        return send(created ? 201 : 200, {
          data: { type: 'profile', id: data.id ?? '01MOCKPROFILE000000000000', attributes: data.attributes },
        });
      }
      return send(202);
    });
  });
  // Never closes an idle connection itself: on a loaded machine a client can send on one in the instant the server
  // drops it (ECONNRESET). Clients close theirs; closing the mock closes all.
  server.keepAliveTimeout = 0;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (path, ...responses) => scripts.set(path, [...(scripts.get(path) ?? []), ...responses]),
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : ok()));
      }),
  };
}

/** Starts the mock before the file's tests, clears its request log before each, and closes it after. */
export function useMockKlaviyo(apiKey: string): { readonly server: MockKlaviyo } {
  const holder = {} as { server: MockKlaviyo };
  beforeAll(async () => {
    holder.server = await startMockKlaviyo({ apiKey });
  });
  afterAll(async () => {
    await holder.server.close();
  });
  beforeEach(() => {
    holder.server.requests.length = 0;
  });
  return holder;
}
