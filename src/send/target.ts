/**
 * Before `send` writes into a real account: which profile each rendered body names, and which key (by its first
 * characters only) it goes with. Pure; the command decides what to ask.
 */

/** The identifiers of every `{"type": "profile", …}` resource in a rendered body, in the body's order. */
export function profileTargets(rendered: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(rendered);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'profile') {
      const attrs = (o.attributes !== null && typeof o.attributes === 'object' ? o.attributes : {}) as Record<
        string,
        unknown
      >;
      const ids = [
        typeof o.id === 'string' && o.id !== '' ? `id ${o.id}` : undefined,
        ...(['email', 'phone_number', 'external_id'] as const).map((k) =>
          typeof attrs[k] === 'string' && attrs[k] !== '' ? `${k.replace('_', ' ')} ${attrs[k]}` : undefined,
        ),
      ].filter((s): s is string => s !== undefined);
      const text = ids.length ? ids.join(', ') : 'no identifier';
      if (!out.includes(text)) out.push(text);
    }
    for (const x of Object.values(o)) walk(x);
  };
  walk(value);
  return out;
}

/**
 * The key as it may be shown: `pk_` and two more characters, enough to tell two accounts' keys apart at a glance,
 * never more (the rest of a private key is its secret). A key not starting with pk_ shows nothing of itself.
 */
export function keyPrefix(apiKey: string): string {
  return apiKey.startsWith('pk_') && apiKey.length > 9 ? `${apiKey.slice(0, 5)}\u2026` : '\u2026';
}
