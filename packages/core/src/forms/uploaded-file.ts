/**
 * The UploadedFile a handler receives: a file on disk with the part's name, type and size. Files
 * Bolt wrote are removed once the response finished; files an engine wrote (the Rust engine's)
 * are removed by that engine.
 */
import { createReadStream } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { UploadedFile } from '@bolt/schema';

export class TempUpload implements UploadedFile {
  constructor(
    readonly fieldName: string,
    readonly filename: string,
    readonly contentType: string,
    readonly path: string,
    public size = 0,
  ) {}

  stream(): Readable {
    return createReadStream(this.path);
  }

  async bytes(): Promise<Uint8Array> {
    return readFile(this.path);
  }

  toJSON(): Record<string, unknown> {
    // A handler returning the upload as-is shows what it is, not a stream factory.
    return {
      fieldName: this.fieldName,
      filename: this.filename,
      contentType: this.contentType,
      size: this.size,
    };
  }
}

/** Removes `paths`, ignoring files already gone. Never rejects. */
export async function removeFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(
    paths.map((path) =>
      unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT')
          process.emitWarning(`bolt: could not remove upload ${path}: ${error.message}`);
      }),
    ),
  );
}
