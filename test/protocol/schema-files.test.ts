/**
 * The committed JSON Schemas are what model/schema.ts makes now (regenerate: npx tsx scripts/gen-schemas.ts),
 * and the JSON examples of docs/protocol.md are valid documents of the protocol.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import {
  checkObservation,
  checkScenario,
  RunRequestSchema,
  RunResponseSchema,
  schemaDocuments,
} from '../../model/schema.ts';
import { protocolExamples } from './examples.ts';

const SCHEMA_DIR = new URL('../../docs/schema/', import.meta.url);

describe('docs/schema', () => {
  it('holds exactly the generated schema files, unchanged', () => {
    const documents = schemaDocuments();
    expect(readdirSync(SCHEMA_DIR).sort()).toEqual(Object.keys(documents).sort());
    for (const [file, text] of Object.entries(documents)) {
      expect(
        readFileSync(new URL(file, SCHEMA_DIR), 'utf8'),
        `docs/schema/${file} is stale: run npx tsx scripts/gen-schemas.ts`,
      ).toBe(text);
    }
  });

  it('are plain JSON Schema: no TypeBox-only keywords', () => {
    for (const text of Object.values(schemaDocuments())) {
      expect(text).not.toMatch(/"\[?Kind|"\$id"|"transform"/);
      expect(JSON.parse(text).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });
});

describe('docs/protocol.md examples', () => {
  const examples = protocolExamples();

  it('has the request, the responses and the worked example', () => {
    expect(Object.keys(examples).sort()).toEqual([
      'example-error',
      'example-observation',
      'example-request',
      'example-response',
      'example-scenario',
    ]);
  });

  it('are valid', () => {
    const scenario = checkScenario(examples['example-scenario']);
    expect(scenario.ok ? 'valid' : scenario.error.message).toBe('valid');
    const observation = checkObservation(examples['example-observation']);
    expect(observation.ok ? 'valid' : observation.error.message).toBe('valid');
    expect(TypeCompiler.Compile(RunRequestSchema).Check(examples['example-request'])).toBe(true);
    const response = TypeCompiler.Compile(RunResponseSchema);
    expect(response.Check(examples['example-response'])).toBe(true);
    expect(response.Check(examples['example-error'])).toBe(true);
  });
});
