/** Escape at a prompt: go back to the previous question. Here, not in prompts.ts, so the wizard needs no @inquirer. */
export class BackError extends Error {
  constructor() {
    super('back to the previous question');
    this.name = 'BackError';
  }
}
