/** `matrix`: the behaviour matrix from the reference model, on stdout, or into the file --out names. */
import { parseArgs } from 'node:util';
import { behaviourMatrix, renderBehaviourMatrix } from '../../report/behaviour-matrix.ts';
import { checkOutFile, writeOutput } from '../output.ts';

export const MATRIX_USAGE =
  'sentinel-conformance matrix [--out FILE|-]  (without --out, or with -, to stdout)';

export async function matrixCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' } },
    strict: true,
  });
  const out = values.out ?? '-';
  checkOutFile(out);
  writeOutput(out, renderBehaviourMatrix(behaviourMatrix()));
  if (out !== '-') console.error(`behaviour matrix written to ${out}`);
  return 0;
}
