/**
 * The wizard as a person meets it: the built CLI in a real pseudo-terminal (tmux), keys typed one prompt at a
 * time, the screen read back. Needs `tmux` (installed on CI) and dist/ (npm test builds first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './run-cli.js';

const SOCKET = `kwg-wizard-test-${process.pid}`; // a private tmux server: never touches the user's sessions
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });

/** Starts the CLI in a fresh 120×50 terminal; the shell prints [exit N] when it ends. */
function start(name: string, args = ''): void {
  const env = 'env -u CI -u DISPLAY -u WAYLAND_DISPLAY -u NO_COLOR -u FORCE_COLOR KLAVIYO_WEBHOOK_GEN_TODAY=2026-11-28';
  tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    '120',
    '-y',
    '50',
    '-c',
    ROOT,
    `${env} node bin/klaviyo-webhook-gen.js ${args}; echo "[exit $?]"; sleep 120`,
  );
}

/** The whole screen and scrollback, wrapped lines joined. */
const screen = (name: string) => tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', name);

async function waitFor(name: string, text: string | RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = screen(name);
    if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; the screen shows:\n${s}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let keystrokes = 0;
const keys = (name: string, ...k: string[]) => {
  keystrokes += k.length;
  tmux('send-keys', '-t', name, ...k);
};
const type = (name: string, text: string) => {
  keystrokes += [...text].length;
  tmux('send-keys', '-t', name, '-l', text);
};

afterAll(() => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe('wizard in a real terminal (tmux)', () => {
  it("reaches the tutorial's Example 2 and prints paste-ready output plus a command that reproduces it", async () => {
    const s = 'example2';
    try {
      start(s);
      const started = Date.now();
      await waitFor(s, 'Where does the sample trigger event come from?');
      keys(s, 'Down', 'Down', 'Enter'); // the first bundled example: Shopify Placed Order
      await waitFor(s, 'What should the webhook do?');
      keys(s, 'Enter'); // promote fields into a new event
      await waitFor(s, 'Which fields become properties of the new event?');
      type(s, 'shipr');
      await waitFor(s, /❯ ◯ ShippingRate/);
      keys(s, 'Enter');
      await waitFor(s, 'Name of the event property for ShippingRate: (ShippingRate)');
      type(s, 'Shipping Rate');
      keys(s, 'Enter');
      await waitFor(s, 'Name of the new event');
      type(s, 'Selected Shipping Rate');
      keys(s, 'Enter');
      await waitFor(s, 'How should the webhook identify the profile?');
      keys(s, 'Enter');
      await waitFor(s, 'Which Klaviyo API revision');
      keys(s, 'Enter');
      await waitFor(s, 'How should text values be escaped?');
      keys(s, 'Enter');
      await waitFor(s, 'Which body format?');
      keys(s, 'Enter');
      const shown = await waitFor(s, 'What next?');
      const elapsed = Date.now() - started;

      // The answers as given, then the output, then the command.
      expect(shown).toContain(
        '✔ Where does the sample trigger event come from? Shopify Placed Order (shopify-placed-order)',
      );
      expect(shown).toContain('✔ Which fields become properties of the new event? ShippingRate');
      expect(shown).toContain('✔ Name of the event property for ShippingRate: Shipping Rate');
      expect(shown).toContain('✔ Which Klaviyo API revision (the revision header)? 2026-07-15');
      expect(shown).toContain('No clipboard tool found'); // said plainly in the menu
      const lines = shown.split('\n');
      const from = lines.findIndex((l) => l.startsWith('Webhook: '));
      const footer = lines.indexOf('Then, in Klaviyo:'); // the next steps (stderr), between the output and the command
      const label = lines.indexOf('The same output from a script or CI:');
      expect(from).toBeGreaterThan(0);
      expect(footer).toBeGreaterThan(from);
      expect(label).toBeGreaterThan(footer);
      expect(lines[footer + 1]).toBe('  1. Replace {YOUR_PRIVATE_API_KEY} with a private key that has events:write.');
      const output = `${lines.slice(from, footer).join('\n').trimEnd()}\n`;
      const command = lines[label + 1]!;
      expect(command).toBe(
        "klaviyo-webhook-gen generate --example shopify-placed-order --promote 'ShippingRate=Shipping Rate' --metric 'Selected Shipping Rate'",
      );
      expect(output).toContain('Destination URL\nhttps://a.klaviyo.com/api/events\n');
      expect(output).toContain('"Shipping Rate": "{{ event.ShippingRate|default_if_none:\'\'|escapejs }}"');
      expect(output).toContain('"name": "Selected Shipping Rate"');

      // The printed command, run by a shell, prints what the screen shows.
      const r = spawnSync('sh', ['-c', command.replace(/^klaviyo-webhook-gen /, `"${process.execPath}" "${BIN}" `)], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, KLAVIYO_WEBHOOK_GEN_TODAY: '2026-11-28' },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(output).toBe(r.stdout);

      keys(s, 'Enter'); // Done (no clipboard in this terminal)
      const end = await waitFor(s, /\[exit \d+\]/);
      expect(end).toContain('[exit 0]');
      expect(end).toContain('✔ What next? Done');
      // A new user's pace is several times this; the budget is a minute of keystrokes.
      console.log(`Example 2: ${keystrokes} keystrokes, ${elapsed} ms of screen round trips`);
      expect(keystrokes).toBeLessThan(60);
    } finally {
      spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', s]);
    }
  });

  it('Ctrl-C at a prompt: one line, exit 130, no stack trace', async () => {
    const s = 'ctrlc';
    try {
      start(s, 'init --example shopify-placed-order');
      await waitFor(s, 'What should the webhook do?');
      keys(s, 'Enter');
      await waitFor(s, 'Which fields become properties');
      type(s, 'sku');
      keys(s, 'C-c');
      const end = await waitFor(s, /\[exit \d+\]/);
      expect(end).toContain('[exit 130]');
      expect(end).toMatch(/^klaviyo-webhook-gen: Cancelled\.$/m);
      expect(end).not.toMatch(/\n\s+at /);
      expect(end).not.toContain('Webhook:');
    } finally {
      spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', s]);
    }
  });
});

describe('help on a terminal (tmux)', () => {
  it('wraps --help to the window, as commander does (the launcher answers only a pipe from its build-time copy)', async () => {
    const s = 'help';
    try {
      start(s, '--help');
      const text = await waitFor(s, '[exit 0]');
      // 120 columns: the description fits on the command's line; to a pipe it wraps at 80.
      expect(text).toContain(
        'generate [options]         print the Destination URL, Headers and JSON Body for a flow webhook',
      );
    } finally {
      spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', s]);
    }
  });
});
