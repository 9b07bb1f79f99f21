/** The suite's version, stamped on reports and counterexamples. Kept equal to package.json by a test. */
export const SUITE_VERSION = '0.1.0';
