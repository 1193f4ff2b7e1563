/**
 * The system clipboard through whichever tool exists: pbcopy (macOS), wl-copy (Wayland), xclip or xsel (X11),
 * clip.exe (Windows, WSL). Looked up only when the wizard offers copying, never at startup.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface ClipboardTool {
  name: string;
  command: string;
  args: string[];
}

/** The first usable tool on PATH for this platform and session, or undefined. */
export function findClipboard(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ClipboardTool | undefined {
  const candidates: ClipboardTool[] = [];
  if (platform === 'darwin') candidates.push({ name: 'pbcopy', command: 'pbcopy', args: [] });
  else if (platform === 'win32') candidates.push({ name: 'clip.exe', command: 'clip.exe', args: [] });
  else {
    // X11 and Wayland tools fail without their display; don't offer them over plain SSH or in a container.
    if (env.WAYLAND_DISPLAY) candidates.push({ name: 'wl-copy', command: 'wl-copy', args: [] });
    if (env.DISPLAY) {
      candidates.push({ name: 'xclip', command: 'xclip', args: ['-selection', 'clipboard'] });
      candidates.push({ name: 'xsel', command: 'xsel', args: ['--clipboard', '--input'] });
    }
    candidates.push({ name: 'clip.exe', command: 'clip.exe', args: [] }); // WSL: Windows' clipboard
  }
  return candidates.find((c) => onPath(c.command, env));
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/** Sends text to the tool's stdin; resolves when it exits (xclip and wl-copy fork a server and exit at once). */
export function copyTo(tool: ClipboardTool, text: string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(tool.command, tool.args, { stdio: ['pipe', 'ignore', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${tool.name} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`${tool.name} exited with code ${code}`));
    });
    child.stdin.on('error', () => {}); // a tool that exits early reports through 'exit'
    child.stdin.end(text);
  });
}
