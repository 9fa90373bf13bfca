// The OpenAPI document (functions/OtpSessions.Functions/OpenApi/openapi.json) by the rules every change to it keeps:
// valid by the official OpenAPI schema of its version, no sibling keys beside a $ref, an example for every request
// body and success response that matches its schema, and each error response's codes as an enum of its `code`.
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

type Json = Record<string, any>;
const file = new URL('../../functions/OtpSessions.Functions/OpenApi/openapi.json', import.meta.url);
const document: Json = JSON.parse(readFileSync(file, 'utf8'));
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const problem = '#/components/schemas/Problem';

function operations(): [string, Json][] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json).filter(([method]) => methods.includes(method))
      .map(([method, op]): [string, Json] => [`${method.toUpperCase()} ${path}`, op as Json]));
}

/** Every JSON body the document shows: request bodies and 2xx responses, each with its schema and example. */
function bodies(): { where: string; schema: Json | undefined; media: Json }[] {
  return operations().flatMap(([name, op]) => [
    ...Object.entries((op.requestBody?.content ?? {}) as Json).map(([type, media]) => ({ where: `${name} request (${type})`, schema: media.schema, media })),
    ...Object.entries((op.responses ?? {}) as Json).filter(([status]) => status.startsWith('2'))
      .flatMap(([status, response]) => Object.entries((response.content ?? {}) as Json)
        .map(([type, media]) => ({ where: `${name} ${status} (${type})`, schema: media.schema, media }))),
  ]);
}

/** Every error response: the shared ones (components.responses) and each operation's own 4xx/5xx. */
function errorResponses(): [string, Json][] {
  const shared = Object.entries((document.components?.responses ?? {}) as Json).map(([name, r]) => [`responses.${name}`, r] as [string, Json]);
  const own = operations().flatMap(([name, op]) => Object.entries((op.responses ?? {}) as Json)
    .filter(([status, r]) => !status.startsWith('2') && !status.startsWith('3') && !r.$ref)
    .map(([status, r]) => [`${name} ${status}`, r] as [string, Json]));
  return [...shared, ...own];
}

/** The codes a description lists after "Codes…:", once each, in order. */
function listedCodes(description = ''): string[] {
  const match = /Codes[^:`"]*:([\s\S]*)$/.exec(description);
  return match ? [...new Set([...(match[1] ?? '').matchAll(/`([a-z][a-z_]*)`/g)].map((m) => m[1] ?? ''))] : [];
}

/** OpenAPI 3.0 schema objects as JSON Schema: `nullable: true` adds null to the type. */
function asJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const copy: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, asJsonSchema(v)]));
  if (copy.nullable === true) {
    if (typeof copy.type === 'string') copy.type = [copy.type, 'null'];
    if (Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...copy.enum, null];
  }
  return copy;
}

describe('openapi.json', () => {
  it('is valid by the official OpenAPI JSON schema of its version', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(validator.version).toBe('3.0');
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has no sibling keys beside a $ref (wrap them with allOf)', () => {
    const offending: string[] = [];
    const walk = (node: any, at: string) => {
      if (node === null || typeof node !== 'object') return;
      if (!Array.isArray(node) && '$ref' in node && Object.keys(node).length > 1) offending.push(at);
      for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`);
    };
    walk(document, '#');
    expect(offending).toEqual([]);
  });

  it('shows an example of every request body and every success response, and each matches its schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(asJsonSchema({ components: document.components }), 'openapi.json');
    const found = bodies();
    expect(found.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const { where, schema, media } of found) {
      if (!('example' in media) && !('examples' in media)) {
        problems.push(`${where}: no example`);
        continue;
      }
      const examples = 'example' in media ? [media.example] : Object.values(media.examples as Json).map((e: Json) => e.value);
      const validate = ajv.compile(asJsonSchema(JSON.parse(JSON.stringify(schema ?? {}).replaceAll('"#/components/', '"openapi.json#/components/'))));
      for (const example of examples) {
        if (!validate(example)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names the error codes of each error response as an enum of its code, the codes its description lists', () => {
    const responses = errorResponses();
    expect(responses.length).toBeGreaterThan(20);
    const mismatched: string[] = [];
    for (const [where, response] of responses) {
      const listed = listedCodes(response.description);
      for (const [type, media] of Object.entries((response.content ?? {}) as Json)) {
        const schema = media.schema ?? {};
        const enumerated: string[] | undefined = schema.allOf?.[1]?.properties?.code?.enum;
        const isProblem = schema.$ref === problem || schema.allOf?.[0]?.$ref === problem;
        if (!isProblem) continue;
        if (listed.length === 0) {
          mismatched.push(`${where} (${type}): lists no codes ("Codes: \`…\`" in its description)`);
        } else if (JSON.stringify(enumerated) !== JSON.stringify(listed)) {
          mismatched.push(`${where} (${type}): enum ${JSON.stringify(enumerated)}, description lists ${JSON.stringify(listed)}`);
        }
      }
    }
    expect(mismatched).toEqual([]);
  });
});
