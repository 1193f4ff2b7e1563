/**
 * The wizard as a person meets it: the built CLI in a real pseudo-terminal (tmux), keys typed one prompt at a
 * time, the screen read back. Needs `tmux` (installed on CI) and dist/ (npm test builds first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, ROOT } from './run-cli.js';

const SOCKET = `kwg-wizard-test-${process.pid}`; // a private tmux server: never touches the user's sessions
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });

/** Starts the CLI in a fresh 120×50 terminal (or another size); the shell prints [exit N] when it ends. */
function start(name: string, args = '', size: [number, number] = [120, 50]): void {
  const env =
    'env -u CI -u KLAVIYO_API_KEY -u DISPLAY -u WAYLAND_DISPLAY -u NO_COLOR -u FORCE_COLOR KLAVIYO_WEBHOOK_GEN_TODAY=2026-11-28';
  tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(size[0]),
    '-y',
    String(size[1]),
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
      const first = await waitFor(s, /Where does the sample trigger event come from\?[\s\S]*navigate/);
      expect(first).not.toContain('esc back'); // nothing to go back to yet
      keys(s, 'Down', 'Down', 'Enter'); // the first bundled example: Shopify Placed Order
      await waitFor(s, /What should the webhook do\?[\s\S]*esc back/);
      keys(s, 'Enter'); // promote fields into a new event
      await waitFor(s, 'Which fields become properties of the new event?');
      type(s, 'shipr');
      await waitFor(s, /❯ ◯ +ShippingRate/);
      keys(s, 'Enter');
      await waitFor(s, 'Name of the event property for ShippingRate: (ShippingRate)');
      type(s, 'Shipping Rate');
      keys(s, 'Enter');
      await waitFor(s, 'Name of the new event');
      type(s, 'Selected Shipping Rate');
      keys(s, 'Enter');
      await waitFor(s, "Set the event's value");
      keys(s, 'Enter'); // no
      await waitFor(s, 'How should the webhook identify the profile?');
      keys(s, 'Enter');
      await waitFor(s, 'Advanced options');
      keys(s, 'Enter'); // no: the default revision, escaping and body format
      const shown = await waitFor(s, /What next\?[\s\S]*navigate/);
      expect(shown).not.toContain('esc back'); // after the result Escape asks the same again
      const elapsed = Date.now() - started;

      // The answers as given, then the output, then the command.
      expect(shown).toContain(
        '✔ Where does the sample trigger event come from? Shopify Placed Order (shopify-placed-order)',
      );
      expect(shown).toContain('✔ Which fields become properties of the new event? ShippingRate');
      expect(shown).toContain('✔ Name of the event property for ShippingRate: Shipping Rate');
      expect(shown).toContain('✔ Advanced options (API revision, escaping, body format)? No');
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
        env: cliEnv(),
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

  it('Space ticks, Escape goes back with the answer kept, Ctrl-C prints the answers so far as a command (exit 130)', async () => {
    const s = 'back';
    try {
      start(s, '--example shopify-placed-order'); // bare --example: the wizard, its sample chosen
      await waitFor(s, 'What should the webhook do?');
      keys(s, 'Enter');
      await waitFor(s, 'Which fields become properties');
      type(s, 'itemcount');
      await waitFor(s, /❯ ◯ +Item Count/);
      keys(s, 'Space'); // ticks, and is no filter text
      await waitFor(s, /❯ ◉ +Item Count/);
      await waitFor(s, '1 ticked: Item Count');
      for (let i = 0; i < 'itemcount'.length; i++) keys(s, 'BSpace');
      type(s, 'shipr');
      await waitFor(s, /❯ ◯ +ShippingRate/);
      keys(s, 'Space');
      await waitFor(s, '2 ticked: Item Count, ShippingRate');
      keys(s, 'Enter');
      await waitFor(s, '✔ Which fields become properties of the new event? Item Count, ShippingRate');
      await waitFor(s, 'Name of the event property for Item Count: (Item Count)');
      type(s, 'Items');
      keys(s, 'Enter');
      await waitFor(s, 'Name of the event property for ShippingRate');
      keys(s, 'Escape'); // back to the first name, its answer kept
      const back = await waitFor(s, 'Name of the event property for Item Count: (Items)');
      expect(back).not.toContain('✔ Name of the event property for Item Count'); // its answered line is gone
      keys(s, 'Escape'); // back to the picker, both fields still ticked
      await waitFor(s, '2 ticked: Item Count, ShippingRate');
      keys(s, 'Enter');
      await waitFor(s, 'Name of the event property for Item Count: (Items)');
      keys(s, 'Enter');
      await waitFor(s, 'Name of the event property for ShippingRate: (ShippingRate)');
      type(s, 'Rate');
      keys(s, 'Enter');
      await waitFor(s, 'Name of the new event');
      keys(s, 'C-c');
      const end = await waitFor(s, /\[exit \d+\]/);
      expect(end).toContain('[exit 130]');
      const lines = end.split('\n');
      const at = lines.indexOf('The answers so far, as one command (it asks the rest):');
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe(
        "klaviyo-webhook-gen init --example shopify-placed-order --promote 'Item Count=Items' --promote ShippingRate=Rate",
      );
      expect(lines[at + 2]).toBe('klaviyo-webhook-gen: Cancelled.');
      expect(end).not.toMatch(/\n\s+at /);
      expect(end).not.toContain('Webhook:');
    } finally {
      spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', s]);
    }
  });

  it('80×24: the field list fits the window, PageDown moves a page, → unfolds [0]/[1] under [*]', async () => {
    const s = 'small';
    try {
      start(s, 'init --example shopify-placed-order', [80, 24]);
      await waitFor(s, 'What should the webhook do?');
      keys(s, 'Enter');
      const first = await waitFor(s, /fields \(\d+ \[0\], \[1\]… folded under \[\*\]/);
      const rows = first.split('\n').filter((l) => /^[❯ ] [◯◉] /.test(l));
      expect(rows.length).toBe(24 - 7); // the window's height less the question, count and help lines
      expect(first.split('\n').every((l) => [...l].length <= 80)).toBe(true);
      const pathOf = (line: string) =>
        line
          .slice(6)
          .trim()
          .split(/\s{2,}/)[0]!;
      const firstPage = rows.map(pathOf);
      const cursor = async (not: string) => {
        for (let i = 0; i < 100; i++) {
          const line = screen(s)
            .split('\n')
            .find((l) => l.startsWith('❯ '));
          if (line && pathOf(line) !== not) return pathOf(line);
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('the cursor did not move');
      };
      keys(s, 'PageDown');
      const next = await cursor(firstPage[0]!);
      expect(firstPage).not.toContain(next); // a whole page on
      keys(s, 'PageUp');
      expect(await cursor(next)).toBe(firstPage[0]);
      type(s, 'line_items[*].sku');
      await waitFor(s, /❯ ◯ ▸ \$extra\.line_items\[\*\]\.sku/);
      keys(s, 'Right');
      const open = await waitFor(s, /▾ \$extra\.line_items\[\*\]\.sku/);
      expect(open).toMatch(/ {4}\$extra\.line_items\[0\]\.sku/);
      keys(s, 'C-c');
      await waitFor(s, '[exit 130]');
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
