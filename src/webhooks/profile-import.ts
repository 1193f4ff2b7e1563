/**
 * Create or Update Profile webhooks (POST /api/profile-import): event fields copied onto profile properties,
 * appended to profile list properties, or properties removed.
 */
import { UserError } from '../errors.js';
import { profileResource, type Identify } from '../klaviyo/identity.js';
import {
  checkTargetName,
  normalizeRequest,
  presentValueOf,
  resolveMappings,
  type FieldMapping,
} from '../mapping/index.js';
import type { ProfileWebhookSpec, GenerateSpec } from '../spec-file/types.js';
import {
  arr,
  lit,
  member,
  obj,
  presentMember,
  printBody,
  tpl,
  type BodyMember,
  type BodyNode,
} from '../template/json-template.js';
import type { EscapeMode } from '../template/value.js';
import { mappingOptions, type BuiltBody, type Mode } from './common.js';
import { editorSafeWarnings, escapeWarnings } from './warnings.js';

export function buildProfileWebhook(
  w: ProfileWebhookSpec,
  sample: Record<string, unknown>,
  spec: GenerateSpec,
  mode: Mode,
): BuiltBody {
  const { escape, identify } = mode;
  const requests = w.properties ?? [];
  const appendRequests = w.append ?? [];
  const unset = w.unset ?? [];
  if (requests.length === 0 && appendRequests.length === 0 && unset.length === 0)
    throw new UserError(
      'a profile webhook needs at least one field: --to-profile PATH[=NAME], --append PATH=NAME or --unset NAME',
    );
  if (appendRequests.length && mode.editorSafe)
    throw new UserError(
      '--append cannot be editor-safe: a value the event lacks must append nothing, which needs a {% if %} outside any JSON string, and a list would be appended as one joined text — drop --editor-safe (or copy the field with --to-profile)',
    );
  const { mappings, problems } = resolveMappings(
    sample,
    requests,
    mappingOptions(mode, spec.allowMissing ?? false, 'profile property'),
  );
  problems.push(...escapeWarnings(mappings, sample, escape));
  if (mode.editorSafe) problems.push(...editorSafeWarnings(mappings, 'profile-import', mode.separator));
  for (const r of appendRequests) {
    const { from, to } = normalizeRequest(r);
    if (to === undefined || to.trim() === '')
      throw new UserError(
        `--append "${from}" needs a name: write --append '${from}=NAME' (NAME is the profile list property the values are appended to)`,
      );
  }
  const appended = resolveMappings(
    sample,
    appendRequests,
    mappingOptions(mode, spec.allowMissing ?? false, 'profile list property'),
  );
  problems.push(...appended.problems, ...escapeWarnings(appended.mappings, sample, escape));
  const set = new Map(mappings.map((m) => [m.to, m.from]));
  for (const m of appended.mappings) {
    const other = set.get(m.to);
    if (other !== undefined)
      throw new UserError(
        `the profile property "${m.to}" is both set (--to-profile ${other}) and appended to (--append ${m.from}); give one of them another name`,
      );
  }
  const seen = new Set<string>();
  for (const name of unset) {
    checkTargetName(name, 'profile property');
    if (seen.has(name)) throw new UserError(`--unset "${name}" is given twice`);
    seen.add(name);
    const setBy = set.get(name) ?? appended.mappings.find((m) => m.to === name)?.from;
    if (setBy !== undefined)
      throw new UserError(
        `--unset "${name}" removes the profile property that the same webhook writes (from ${setBy}); drop one of the two`,
      );
  }
  const body = printBody(
    profileImportBody({
      identify,
      escape,
      properties: mappings,
      append: appended.mappings,
      unset,
      editorSafe: mode.editorSafe,
    }),
  );
  const defaultName = mappings.length
    ? 'Copy event fields to the profile'
    : appended.mappings.length
      ? 'Append event fields to profile lists'
      : 'Remove profile properties';
  return {
    defaultName,
    body,
    fields: [...mappings, ...appended.mappings.map((m) => ({ ...m, patch: 'append' as const }))],
    problems,
  };
}

export interface ProfileImportBodyOptions {
  identify: Identify;
  escape: EscapeMode;
  properties: readonly FieldMapping[];
  /** Values appended to profile list properties (`data.meta.patch_properties.append`), each only when present. */
  append?: readonly FieldMapping[];
  /** Profile properties to remove (`data.meta.patch_properties.unset`). */
  unset?: readonly string[];
  /** Every tag inside a JSON string: no guarded members (a missing value is written as ""). */
  editorSafe?: boolean;
}

/**
 * POST /api/profile-import. Each property is written only when the event has a value for it: Klaviyo clears a
 * profile property sent as null or "", and one event lacking a field must not wipe what an earlier one set.
 * Editor-safe bodies cannot leave a key out (a guard outside a string is not JSON), so there every property is
 * written, as "" when the event lacks it; generate warns about that.
 */
export function profileImportBody(options: ProfileImportBodyOptions): BodyNode {
  const properties = options.properties.map((m) =>
    options.editorSafe ? member(m.to, tpl(m.template)) : presentMember(m.to, tpl(m.presentTemplate), presentValueOf(m)),
  );
  const append = options.append ?? [];
  const unset = options.unset ?? [];
  if (options.editorSafe && append.length)
    throw new Error('an editor-safe body cannot append (a missing value would append "")');
  const attributes =
    properties.length || (append.length === 0 && unset.length === 0) ? [member('properties', obj(properties))] : [];
  const resource = profileResource(options.identify, options.escape, attributes);
  const patch: BodyMember[] = [];
  // As profile properties: a value the event lacks appends nothing (the key is left out).
  if (append.length)
    patch.push(
      member('append', obj(append.map((m) => presentMember(m.to, tpl(m.presentTemplate), presentValueOf(m))))),
    );
  if (unset.length) patch.push(member('unset', arr(unset.map((n) => lit(n)))));
  if (patch.length) resource.push(member('meta', obj([member('patch_properties', obj(patch))])));
  return obj([member('data', obj(resource))]);
}
