/** Replaced at build time from package.json (see scripts/build.mjs); the fallback serves tests run from sources. */
declare const __KWG_VERSION__: string | undefined;
export const VERSION: string = typeof __KWG_VERSION__ === 'string' ? __KWG_VERSION__ : '0.0.0-dev';
