/** `matrix`: writes the behaviour matrix from the reference model. */
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { behaviourMatrix, renderBehaviourMatrix } from '../../report/behaviour-matrix.ts';
import { checkOutDir, writeAtomic } from '../output.ts';

export const MATRIX_USAGE = 'sentinel-conformance matrix [--out FILE]';

export async function matrixCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: 'reports/behaviour-matrix.md' } },
    strict: true,
  });
  checkOutDir(dirname(values.out));
  writeAtomic(values.out, renderBehaviourMatrix(behaviourMatrix()));
  console.error(`behaviour matrix written to ${values.out}`);
  return 0;
}
