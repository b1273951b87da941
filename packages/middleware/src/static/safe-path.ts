/**
 * From the raw (percent-encoded) rest of a URL to a file inside the root, or nothing. Every segment
 * is decoded on its own and refused when it could leave the directory or name a hidden file: `..`
 * and `.` in any encoding, `/` or `\` inside a segment (`%2f`, `%5c`), NUL, empty segments (an
 * absolute path after the prefix), dotfiles. Symlinks are followed, then the real path must still
 * be inside the root's real path.
 */
import { realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** The decoded segments of `raw`, or undefined when one is refused. A trailing `/` gives a final `''`. */
export function safeSegments(raw: string): string[] | undefined {
  if (raw.includes('\\') || raw.includes('\0')) return undefined;
  const parts = raw.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (segment === '') {
      // Only the last segment may be empty (a directory's trailing slash).
      if (i === parts.length - 1 && i > 0) {
        out.push('');
        continue;
      }
      if (parts.length === 1) continue;
      return undefined;
    }
    if (segment.startsWith('.') || /[\\/\0]/.test(segment)) return undefined;
    out.push(segment);
  }
  return out;
}

/** True when `path` is `root` or inside it (both real paths). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The real path of the file `raw` names under `root` (a real path), or undefined (then: 404). */
export async function resolveInside(root: string, segments: readonly string[]): Promise<string | undefined> {
  const joined = join(root, ...segments.filter((s) => s !== ''));
  if (!isInside(root, joined)) return undefined;
  try {
    const real = await realpath(joined);
    return isInside(root, real) ? real : undefined;
  } catch {
    return undefined;
  }
}
