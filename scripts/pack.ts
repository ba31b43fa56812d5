// What `npm publish` would upload, packed from the built dist/ (run the build first): the tarball test, the size
// bench and the MCP bundle all start from this one tarball.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageFile } from '../src/paths.js';

export interface PackedPackage {
  file: string;
  /** Bytes of the .tgz. */
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

export function packPackage(destination: string): PackedPackage {
  const result = spawnSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', destination, '--loglevel', 'error'],
    { cwd: packageFile('.'), encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
  const [packed] = JSON.parse(result.stdout) as (Omit<PackedPackage, 'file'> & { filename: string })[];
  if (!packed) throw new Error('npm pack printed no result');
  return {
    file: join(destination, packed.filename),
    size: packed.size,
    unpackedSize: packed.unpackedSize,
    files: packed.files,
  };
}
