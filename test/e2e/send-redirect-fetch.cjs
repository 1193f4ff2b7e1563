// Loaded into the CLI with `node --require` by send-real-host.test.ts: the CLI believes it talks to Klaviyo's own
// host (https://a.klaviyo.com, its default --base-url), while each request goes to the tests' local stand-in named
// by KWG_TEST_KLAVIYO_STAND_IN. Any other URL (bar the stand-in's own) fails, so nothing can leave the machine.
'use strict';
const standIn = process.env.KWG_TEST_KLAVIYO_STAND_IN;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const klaviyo = 'https://a.klaviyo.com/';
  if (standIn && url.startsWith(klaviyo)) return realFetch(`${standIn}/${url.slice(klaviyo.length)}`, init);
  if (standIn && url.startsWith(`${standIn}/`)) return realFetch(url, init); // --base-url the stand-in itself
  return Promise.reject(new TypeError(`fetch failed (the test allows only ${klaviyo}, not ${url})`));
};
