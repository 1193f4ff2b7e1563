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

/**
 * The Authorization value with the key hidden, for output: everything after the scheme goes, whatever it holds
 * (a value with spaces once kept its second word visible). Only `pk_`, the prefix every private key shares, stays.
 */
export function maskApiKey(value: string): string {
  if (value === API_KEY_PLACEHOLDER) return value;
  const scheme = 'Klaviyo-API-Key ';
  const key = value.startsWith(scheme) ? value.slice(scheme.length) : value;
  return `${scheme}${key.startsWith('pk_') ? 'pk_' : ''}\u2026(hidden; --reveal shows it)`;
}
