import { spawn } from 'node:child_process';

/** The command that opens a URL in the default browser on this platform. */
export function openCommand(url: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // `start` is a cmd built-in; the empty title keeps a quoted URL from being taken as the title.
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

/**
 * Opens `url` in the default browser (xdg-open, open or start). Resolves true when the opener
 * started, false when it is missing or failed at once; never throws. The URL is not logged.
 */
export function openInBrowser(url: string): Promise<boolean> {
  const [command, args] = openCommand(url);
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    } catch {
      resolve(false);
      return;
    }
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
