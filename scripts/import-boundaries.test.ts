/**
 * The architecture's import boundaries, enforced by ESLint: only the Electron shell and the
 * preload may import electron, and the renderer imports nothing from Node or the main process.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('refuses electron in the core, the shared code and the web host', async () => {
    for (const file of ['src/main/core/example.ts', 'src/shared/example.ts', 'src/main/web/example.ts']) {
      const errors = await boundaryErrors(file, "import { app } from 'electron';\nexport const x = app;\n");
      expect(errors, file).toHaveLength(1);
      expect(errors[0]).toContain('Only src/main/electron and src/preload may import electron');
    }
  });

  it('allows electron in the shell and the preload', async () => {
    expect(
      await boundaryErrors('src/main/electron/example.ts', "import { app } from 'electron';\nexport const x = app;\n"),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'src/preload/example.ts',
        "import { contextBridge } from 'electron';\nexport const x = contextBridge;\n",
      ),
    ).toEqual([]);
  });

  it('keeps Node and the main process out of the renderer', async () => {
    const file = 'src/renderer/src/example.ts';
    expect(
      await boundaryErrors(file, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(file, "import { createCore } from '../../main/core/app';\nexport const x = createCore;\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(file, "import { calls } from '../../shared/contract';\nexport const x = calls;\n"),
    ).toEqual([]);
  });
});
