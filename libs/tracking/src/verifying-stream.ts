/**
 * Integrity on read for streamed artifacts: the bytes pass through unchanged while they are hashed,
 * and the stream ends in an ArtifactIntegrityError instead of ending cleanly when the content does
 * not hash to its name — a client then sees a broken transfer, never silently wrong bytes.
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { ArtifactIntegrityError } from './errors';

export function verifyingStream(source: Readable, hash: string, where: string): Readable {
  const hasher = createHash('sha256');
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hasher.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const actual = hasher.digest('hex');
      done(actual === hash ? null : new ArtifactIntegrityError(hash, where, actual));
    },
  });
  source.on('error', (error) => check.destroy(error));
  return source.pipe(check);
}
