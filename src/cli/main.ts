// Over 300 lines: the declarative option list of all nine commands, kept in one place as --help shows them.
/**
 * The CLI entry: commander wiring only. Each command's work is loaded on demand (a separate bundle chunk), so
 * `--help` and `--version` load nothing but commander.
 */
import { Command, CommanderError, Option } from 'commander';
import { colorLevel, loadColor } from './color.js';
import { OutputError, stderr, stdout } from './stdio.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
/** generate's and init's --identify (the choices are IDENTIFY_OPTIONS; a test checks they agree). */
const identifyOption = () =>
  new Option('--identify <how>', 'how the webhook identifies the profile').choices([
    'klaviyo-id',
    'email',
    'phone-number',
    'external-id',
  ]);

/** The lines that end a command's --help: a few commands to copy (quoted for a POSIX shell). */
const examples = (...lines: string[]) =>
  `\nExamples:\n${lines.map((l) => `  $ klaviyo-webhook-gen ${l}`).join('\n')}\n`;

export async function run(argv: readonly string[]): Promise<number> {
  const program = new Command('klaviyo-webhook-gen')
    .description(
      'Generate, validate and preview Klaviyo flow webhooks that copy event fields onto profiles or promote nested fields into new events.',
    )
    .version(VERSION, '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    // Help goes through src/cli/stdio (no stream is built for a pipe); errors are reported by reportError.
    .configureOutput({
      outputError: () => {},
      writeOut: stdout.write,
      writeErr: stderr.write,
      getOutHelpWidth: () => (stdout.isTTY ? process.stdout.columns : 80), // 80: commander's own default
      getErrHelpWidth: () => (stderr.isTTY ? process.stderr.columns : 80),
      getOutHasColors: () => colorLevel(stdout) > 0,
      getErrHasColors: () => colorLevel(stderr) > 0,
    })
    .addHelpText(
      'after',
      `\nWith no command on a terminal, asks what to generate (the same as init); --example NAME or --sample FILE\nwithout a command starts there.\n${examples('--example shopify-placed-order', 'generate --example shopify-placed-order --to-profile ShippingRate', 'validate body.json')}`,
    );

  program
    .command('generate')
    .description('print the Destination URL, Headers and JSON Body for a flow webhook')
    // Grouped as a newcomer looks for them: the sample, then what to write (profile, event), then the body and output.
    .optionsGroup('Sample event:')
    .option(
      '--sample <file>',
      'the trigger event as JSON (its properties, or an event from the Klaviyo API); - reads stdin',
    )
    .option('--example <name>', 'a bundled sample event instead of --sample (see --list-examples)')
    .option(
      '--sample-metric <name>',
      'the newest event of this metric in your Klaviyo account instead of --sample (key from $KLAVIYO_API_KEY)',
    )
    .option('--base-url <url>', "Klaviyo's API origin, for --sample-metric", 'https://a.klaviyo.com')
    .option('--list-examples', 'list the bundled sample events and exit')
    .option('--list-fields', "list the sample's fields (paths, types, example values) and exit")
    .option('--allow-missing', 'map paths that are not in the sample (as text)')
    .optionsGroup('Onto the profile (Create or Update Profile):')
    .option('--to-profile <path[=name]>', 'copy an event field onto a profile property (repeatable)', collect)
    .option(
      '--append <path=name>',
      "append an event field's values to the profile list property NAME (repeatable)",
      collect,
    )
    .option('--unset <name>', 'remove a profile property (repeatable)', collect)
    .addOption(identifyOption())
    .optionsGroup('Into a new event (Create Event, or Bulk Create Events with --each):')
    .option(
      '--promote <path[=name]>',
      'promote an event field to a top-level property of a new event (repeatable; with --each: a field of each element)',
      collect,
    )
    .option('--metric <name>', 'name of the new event (with --promote or --each)')
    .option(
      '--each <path[*]>',
      "one event per element of this list (Bulk Create Events), e.g. '$extra.line_items[*]'; its fields become the properties",
    )
    .option('--with <path[=name]>', 'with --each: an event-level field copied into every event (repeatable)', collect)
    .option(
      '--value <path>',
      "a number field for the new event's value (e.g. $value; with --each: a field of each element)",
    )
    .option('--value-currency <code>', 'ISO 4217 currency of the value (e.g. USD)')
    .option(
      '--unique-id <path>',
      'field whose value de-duplicates retried events (default: $event_id when the sample has it; with --each: a field of each element, default <$event_id>:<index>)',
    )
    .option('--no-unique-id', 'send no unique_id')
    .option('--backfill', 'record the new events without triggering flows (revision 2026-04-15 and later)')
    .optionsGroup('Body and API:')
    .option('--revision <date>', 'Klaviyo API revision (default: the newest the tool ships)')
    .addOption(new Option('--escape <mode>', 'how text values are escaped').choices(['escapejs', 'none']))
    .option(
      '--editor-safe',
      'put every tag inside a JSON string, so the raw body is valid JSON before Klaviyo fills it in (for an editor that refuses the default body); numbers, booleans and lists arrive as text',
    )
    .option('--list-separator <text>', 'with --editor-safe: what list items are joined with (default ", ")')
    .option('--api-key-env <var>', 'fill the Authorization header from this environment variable')
    .option('--reveal', 'show the API key from --api-key-env instead of masking it')
    .optionsGroup('Output and spec files:')
    .addOption(
      new Option('--format <format>', 'output format (flow-action: Flows API send-webhook actions as JSON)')
        .choices(['text', 'json', 'markdown', 'flow-action'])
        .default('text'),
    )
    .option('--out <dir>', "write each webhook's body and description into files in this folder")
    .option('--force', 'overwrite existing files (--out, --save-spec)')
    .option('--preview', 'also render each body for the sample, exactly as Klaviyo would')
    .option('--spec <file>', 'read what to generate from a spec file (JSON or YAML)')
    .option('--save-spec <file>', 'write what was asked as a spec file (JSON, or YAML for .yaml/.yml)')
    .optionsGroup('Options:')
    .addHelpText(
      'after',
      examples(
        "generate --example shopify-placed-order \\\n      --promote '$extra.line_items[*].sku=SKUs' --metric 'Placed Order SKUs'",
        'generate --sample order.json --to-profile ShippingRate',
        'generate --sample order.json --list-fields',
      ),
    )
    .action(async (options) => {
      const { generateCommand } = await import('./commands/generate.js');
      exitCode = await generateCommand(options);
    });

  program
    .command('validate')
    .description("check a webhook body against the Klaviyo API schema and Klaviyo's template rules")
    .argument('<file>', 'the JSON Body as pasted into Klaviyo; - reads stdin')
    .option('--url <url>', "the Destination URL (default: from the body's data.type)")
    .option('--revision <date>', 'the revision header value (default: the newest the tool ships)')
    .option('--sample <file>', 'an event (JSON) to render the body with, checking the result too')
    .option('--example <name>', 'a bundled sample event instead of --sample (see generate --list-examples)')
    .option('--person <file>', 'the profile to render with (default: a plausible one)')
    .option('--openapi <file>', 'check against this Klaviyo OpenAPI document instead of the shipped schemas')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      examples(
        'validate body.json',
        'validate body.json --sample order.json',
        'validate out/create-m-events.webhook.json --format json',
      ),
    )
    .action(async (file: string, options) => {
      const { validateCommand } = await import('./commands/validate.js');
      exitCode = await validateCommand(file, options);
    });

  program
    .command('preview')
    .description('render a webhook body exactly as Klaviyo would for a given event, and check the result')
    .argument('<file>', 'the JSON Body (template); - reads stdin')
    .option('--sample <file>', 'the trigger event (JSON) to render with')
    .option('--example <name>', 'a bundled sample event instead of --sample (see generate --list-examples)')
    .option('--person <file>', 'the profile to render with (default: a plausible one)')
    .option('--url <url>', "the Destination URL (default: from the body's data.type)")
    .option('--revision <date>', 'the revision header value (default: the newest the tool ships)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      examples(
        'preview body.json --sample order.json',
        'preview body.json --sample order.json --person profile.json --format json',
      ),
    )
    .action(async (file: string, options) => {
      const { previewCommand } = await import('./commands/preview.js');
      exitCode = await previewCommand(file, options);
    });

  program
    .command('send')
    .description(
      'render a webhook for an event as Klaviyo would and POST it to the Klaviyo API (key from $KLAVIYO_API_KEY)',
    )
    .argument('[body]', 'the JSON Body (template) to send; - reads stdin (or --spec)')
    .option('--spec <file>', 'send every webhook of this spec file (JSON or YAML)')
    .option('--url <url>', "the Destination URL, which picks the endpoint (default: from the body's data.type)")
    .option('--sample <file>', "the trigger event (JSON) to render with (with --spec: default the spec's sample)")
    .option('--example <name>', 'a bundled sample event instead of --sample (see generate --list-examples)')
    .option(
      '--person <file>',
      "the profile to write to (JSON: KlaviyoID, email, …); without it a placeholder profile, which Klaviyo's own host gets only with --yes or a yes on a terminal",
    )
    .option('--yes', 'send to Klaviyo without asking, even with the placeholder profile (needed off a terminal)')
    .option('--api-key-env <var>', 'the environment variable holding the private API key', 'KLAVIYO_API_KEY')
    .option('--base-url <url>', "where to send (the Destination URL's path is kept)", 'https://a.klaviyo.com')
    .option('--revision <date>', "the revision header value (default: the spec's, else the newest the tool ships)")
    .option('--max-retries <n>', 'retries of 429/500/502/503 (default 3)')
    .option('--max-wait <seconds>', 'total time to wait between retries, Retry-After included (default 60)')
    .option('--timeout <seconds>', 'time to wait for each response (default 30)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      examples(
        'send body.json --sample order.json --person me.json',
        'send --spec webhooks.yaml --person me.json',
        'send body.json --example shopify-placed-order --base-url http://127.0.0.1:8080',
      ),
    )
    .action(async (body: string | undefined, options) => {
      const { sendCommand } = await import('./commands/send.js');
      const { isInteractive } = await import('./commands/init.js');
      // The question goes to stderr, so stdout may be a pipe (--format json > report.json).
      const confirm = isInteractive({}, process.env, process.stdin, stderr)
        ? async (message: string) => {
            const { terminalPrompts } = await import('./prompts.js');
            const prompts = terminalPrompts({
              output: process.stderr,
              chalk: (await import('./color.js')).makeChalk(stderr),
            });
            // Escape (go back) has nowhere to go here: it answers no.
            return prompts.confirm({ message, default: false }).catch(noOnEscape);
          }
        : undefined;
      exitCode = await sendCommand(body, options, confirm ? { confirm } : {});
    });

  program
    .command('sample')
    .description(
      'print the newest event of a metric in your Klaviyo account as a sample (key from $KLAVIYO_API_KEY, read-only)',
    )
    .option('--metric <name>', 'the metric (trigger event) by name, e.g. "Placed Order"')
    .option('--metric-id <id>', 'the metric by id (when several integrations share a name)')
    .option('--list-metrics', "list the account's metrics (name, integration, id) and exit")
    .option('--profile-id <id>', 'the newest event of this profile (its Klaviyo id)')
    .option('--redact', 'replace every string and number with a same-shaped stand-in (safe to commit)')
    .option('--out <file>', 'write the sample to this file instead of stdout')
    .option('--force', 'overwrite the --out file')
    .option(
      '--api-key-env <var>',
      'the environment variable holding the private API key (scopes metrics:read, events:read)',
      'KLAVIYO_API_KEY',
    )
    .option('--base-url <url>', "Klaviyo's API origin", 'https://a.klaviyo.com')
    .option('--revision <date>', 'the revision header (default: the newest the tool ships)')
    .addHelpText(
      'after',
      examples(
        'sample --list-metrics',
        "sample --metric 'Placed Order' > order.json",
        "sample --metric 'Placed Order' --redact --out test/order.json",
      ),
    )
    .action(async (options) => {
      const { sampleCommand } = await import('./commands/account.js');
      exitCode = await sampleCommand(options);
    });

  program
    .command('audit')
    .description('check every webhook in every flow of your Klaviyo account (key from $KLAVIYO_API_KEY, read-only)')
    .option('--flow <id>', 'only this flow')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a webhook has problems of this level or worse')
        .choices(['error', 'warning'])
        .default('error'),
    )
    .option(
      '--api-key-env <var>',
      'the environment variable holding the private API key (scope flows:read)',
      'KLAVIYO_API_KEY',
    )
    .option('--base-url <url>', "Klaviyo's API origin", 'https://a.klaviyo.com')
    .option('--revision <date>', 'the revision header of the requests (default: the newest the tool ships)')
    .addHelpText(
      'after',
      examples('audit', 'audit --format markdown > webhooks-report.md', 'audit --flow FLOW_ID --fail-on warning'),
    )
    .action(async (options) => {
      const { auditCommand } = await import('./commands/account.js');
      exitCode = await auditCommand(options);
    });

  const targetOptions = (cmd: Command) =>
    cmd
      .requiredOption(
        '--spec <file>',
        'the spec file whose webhooks name a target (target: { flowAction: ID } or { newFlow: { name, triggerMetric } })',
      )
      .option(
        '--webhook-key-env <var>',
        "the environment variable holding the key the webhook itself sends (default: the spec's webhookKeyEnv, else KLAVIYO_WEBHOOK_KEY)",
      )
      .option(
        '--api-key-env <var>',
        'the environment variable holding the private API key that calls the Flows API (scope flows:write)',
        'KLAVIYO_API_KEY',
      )
      .option('--base-url <url>', "Klaviyo's API origin", 'https://a.klaviyo.com')
      .option('--revision <date>', 'the revision header of the API requests (default: the newest the tool ships)');

  targetOptions(
    program
      .command('plan')
      .description(
        "show what apply would change in your flows: each target action's URL, headers and body against the spec (exit 3 when something would change)",
      ),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', examples('plan --spec webhooks.yaml', 'plan --spec webhooks.yaml --format json'))
    .action(async (options) => {
      const { planCommand } = await import('./commands/apply.js');
      exitCode = await planCommand(options);
    });

  targetOptions(
    program
      .command('apply')
      .description(
        "put the spec's webhooks into their flows: the plan, one confirmation (or --yes), then only the actions that differ",
      ),
  )
    .option('--yes', 'apply without asking (needed off a terminal)')
    .addOption(
      new Option('--status <status>', "set the actions' status (default: keep it; new flows are drafts)").choices([
        'draft',
        'manual',
        'live',
      ]),
    )
    .option('--save-spec <file>', 'write the spec back with the ids of flows apply created (the spec itself is fine)')
    .option('--force', 'overwrite another --save-spec file')
    .addHelpText(
      'after',
      examples(
        'apply --spec webhooks.yaml --save-spec webhooks.yaml',
        'apply --spec webhooks.yaml --save-spec webhooks.yaml --yes',
      ),
    )
    .action(async (options) => {
      const { applyCommand } = await import('./commands/apply.js');
      const { isInteractive } = await import('./commands/init.js');
      let confirm: ((message: string) => Promise<boolean>) | undefined;
      if (isInteractive({})) {
        const { terminalPrompts } = await import('./prompts.js');
        const prompts = terminalPrompts({
          output: process.stderr,
          chalk: (await import('./color.js')).makeChalk(stderr),
        });
        confirm = (message) => prompts.confirm({ message, default: false }).catch(noOnEscape);
      }
      exitCode = await applyCommand(options, confirm ? { confirm } : {});
    });

  program
    .command('init')
    .description('answer a few questions (on a terminal) and get the webhook; the flags answer questions in advance')
    .option('--example <name>', 'a bundled sample event (skips the sample question)')
    .option('--sample <file>', 'the trigger event as JSON (skips the sample question)')
    .option('--to-profile <path[=name]>', 'copy an event field onto a profile property (repeatable)', collect)
    .option('--promote <path[=name]>', 'promote an event field into a new event (repeatable)', collect)
    .option('--each <path>', 'one event per element of this list of objects, e.g. $extra.line_items[*]')
    .option('--append <path=name>', 'append an event field to a profile list property (repeatable)', collect)
    .option('--metric <name>', 'name of the new event')
    .addOption(identifyOption())
    .option('--revision <date>', 'Klaviyo API revision')
    .addOption(new Option('--escape <mode>', 'how text values are escaped').choices(['escapejs', 'none']))
    .option('--no-interactive', 'never ask (exit 2 listing the flags generate needs)')
    .addHelpText(
      'after',
      examples('init', 'init --example shopify-placed-order', "init --sample order.json --metric 'Placed Order SKUs'"),
    )
    .action(async (options) => {
      const { initCommand } = await import('./commands/init.js');
      exitCode = await initCommand(options, bare ? 'no command' : 'init');
    });

  let exitCode = 0;
  // `klaviyo-webhook-gen --example NAME` (or --sample FILE): the wizard with that sample, as init takes it.
  const bare = /^--(example|sample)(=|$)/.test(argv[0] ?? '');
  try {
    await loadColor();
    // No command: the wizard on a terminal; otherwise exit 2 naming the flags (never wait on a pipe).
    if (argv.length === 0 || (argv.length === 1 && argv[0] === '--no-interactive')) {
      const { initCommand } = await import('./commands/init.js');
      return await initCommand({ interactive: argv.length === 0 }, 'no command');
    }
    await program.parseAsync(bare ? ['init', ...argv] : argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err);
  }
}

/** A lone question's Escape (BackError): no. */
function noOnEscape(err: unknown): boolean {
  if (err instanceof Error && err.name === 'BackError') return false;
  throw err;
}

/**
 * The entry does not import the library (src/index.ts): that would load the whole core before a command is chosen,
 * for `--help` and mistyped flags too (+35 M instructions for `audit --help`, measured). So the version comes from
 * the build, and a UserError is known by its brand (src/errors.ts).
 */
declare const __KWG_VERSION__: string | undefined;
const VERSION = typeof __KWG_VERSION__ === 'string' ? __KWG_VERSION__ : '0.0.0-dev';
const isUserError = (err: unknown): err is Error & { exitCode: number } =>
  err instanceof Error &&
  (err as unknown as Record<symbol, unknown>)[Symbol.for('klaviyo-webhook-gen.user-error')] === true;

/** One line on stderr for anything the user can fix; a bug report for anything else. */
export function reportError(err: unknown): number {
  try {
    return report(err);
  } catch {
    return err instanceof OutputError ? err.exitCode : 2; // stderr itself cannot be written: the exit code says it
  }
}

function report(err: unknown): number {
  if (err instanceof OutputError) {
    stderr.write(`klaviyo-webhook-gen: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return 0; // --help, --version
    const message = err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
    stderr.write(`klaviyo-webhook-gen: ${message}${/--help/.test(message) ? '' : ' (see --help)'}\n`);
    return 2;
  }
  if (isUserError(err)) {
    stderr.write(`klaviyo-webhook-gen: ${err.message}\n`);
    return err.exitCode;
  }
  stderr.write(
    `klaviyo-webhook-gen: internal error (a bug; please report it with the command you ran): ${err instanceof Error ? err.message : String(err)}\n`,
  );
  if (process.env.KLAVIYO_WEBHOOK_GEN_DEBUG) stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return 70;
}
