/** The editor's Headers table for a Klaviyo API webhook. */
export interface Header {
  key: string;
  value: string;
}

export const API_KEY_PLACEHOLDER = 'Klaviyo-API-Key {YOUR_PRIVATE_API_KEY}';

export function apiHeaders(revision: string, apiKey?: string): Header[] {
  return [
    { key: 'Content-Type', value: 'application/vnd.api+json' },
    { key: 'accept', value: 'application/vnd.api+json' },
    { key: 'revision', value: revision },
    { key: 'Authorization', value: apiKey === undefined ? API_KEY_PLACEHOLDER : `Klaviyo-API-Key ${apiKey}` },
  ];
}

/** The Authorization value with all but the key's prefix hidden, for text output. */
export function maskApiKey(value: string): string {
  if (value === API_KEY_PLACEHOLDER) return value;
  return value.replace(/(Klaviyo-API-Key )(\S{0,3})\S*/, (_, p: string, head: string) => `${p}${head}…(hidden; --reveal shows it)`);
}
