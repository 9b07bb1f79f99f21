/**
 * The example simulator's own test suite running the conformance suite: one test per behaviour and
 * profile (passing, failing with the shrunk counterexample, or skipped with the reason), named by the
 * behaviour's ID, so `vitest run -t ALERT-ID-STABLE` runs one. 300 scenarios per profile keep it quick;
 * the CLI's `run` checks 10,000.
 */
import { describeConformance } from 'sentinel-conformance/vitest';
import { simulate } from './simulator.ts';

describeConformance('ts-sim', simulate, { runs: 300 });
