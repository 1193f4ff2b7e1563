/**
 * A renderer for Klaviyo's template language (Django's template engine plus Klaviyo's `lookup` filter) that
 * produces what Django would: Python str() of values, autoescape off unless asked for, Django's errors.
 * No I/O, no knowledge of Klaviyo endpoints.
 */
import { startRenderBudget } from './budget.js';
import { Context } from './context.js';
import { TemplateRenderError, type TemplateSyntaxError } from './errors.js';
import { type Node, RenderFailure, renderNodes } from './nodes.js';
import { type BlockProblem, parseRecovering, parseTemplate } from './parser.js';
import type { Token } from './lexer.js';
import type { RenderNote } from './klaviyo-filters.js';

export { tokenize, type Token } from './lexer.js';
export type { BlockProblem } from './parser.js';
export { TemplateSyntaxError, TemplateRenderError } from './errors.js';
export { PyFloat, pyStr } from './values.js';
export { parseJsonForRender } from './json.js';
export { FILTER_NAMES } from './filters.js';
export type { RenderNote } from './klaviyo-filters.js';
export { PyDateTime } from './dates.js';
export { RENDER_LIMITS } from './budget.js';

export interface RenderOptions {
  /** HTML-escape `{{ }}` output that is not marked safe, as Django does with autoescape on. Default false. */
  autoescape?: boolean;
  /** Collects what Klaviyo's filters and tags rendered approximately (each with why). */
  notes?: RenderNote[];
  /** YYYY-MM-DD: the send date for Klaviyo's date tags (`{% today %}`, `{% current_year %}`, ...). */
  today?: string;
}

export interface CompiledTemplate {
  /** Throws TemplateRenderError where Django's Template.render() would raise. */
  render(context: Record<string, unknown>, options?: RenderOptions): string;
}

class Template implements CompiledTemplate {
  constructor(
    private readonly source: string,
    private readonly nodes: Node[],
  ) {}
  render(context: Record<string, unknown>, options: RenderOptions = {}): string {
    const ctx = new Context(context, {
      autoescape: options.autoescape ?? false,
      nodeState: new Map(),
      ...(options.notes ? { notes: options.notes } : {}),
      ...(options.today !== undefined ? { today: options.today } : {}),
    });
    startRenderBudget();
    try {
      return renderNodes(this.nodes, ctx);
    } catch (e) {
      if (e instanceof RenderFailure) throw new TemplateRenderError(e.failure, e.offset, this.source);
      throw e;
    }
  }
}

/** Compile once, render many times. Throws TemplateSyntaxError. `tokens`: tokenize(source), if already at hand. */
export function compileTemplate(source: string, tokens?: Token[]): CompiledTemplate {
  return new Template(source, parseTemplate(source, tokens));
}

/** One parse for validate: the tree (also of a template Django refuses), Django's errors, and the template when it compiles. */
export interface RecoveredTemplate {
  nodes: Node[];
  /** Django's errors in source order; compileTemplate throws the first. */
  errors: TemplateSyntaxError[];
  blocks: BlockProblem[];
  /** Present when there are no errors. */
  template?: CompiledTemplate;
}

export function compileRecovering(source: string, tokens?: Token[]): RecoveredTemplate {
  const { nodes, errors, blocks } = parseRecovering(source, tokens);
  return { nodes, errors, blocks, ...(errors.length === 0 ? { template: new Template(source, nodes) } : {}) };
}

export function renderTemplate(source: string, context: Record<string, unknown>, options?: RenderOptions): string {
  return compileTemplate(source).render(context, options);
}
