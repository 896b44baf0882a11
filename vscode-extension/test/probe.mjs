// Runs the extension's preflight check (src/preflight.ts) on interpreters named on the
// command line, outside VS Code: the check needs nothing of VS Code, only child processes.
// Used by tests/test_vscode_preflight.py.
//
// Usage: node probe.mjs '<JSON list of [program, ...args]>'
// Prints a JSON list with one probe result per command, in order.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = fileURLToPath(new URL('../src/preflight.ts', import.meta.url));
const bundled = await esbuild.build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', write: false });
const folder = mkdtempSync(join(tmpdir(), 'infcheck-probe-'));
try {
    const module = join(folder, 'preflight.mjs');
    writeFileSync(module, bundled.outputFiles[0].text);
    const { probe } = await import(pathToFileURL(module).href);
    const commands = JSON.parse(process.argv[2]);
    const results = [];
    for (const [program, ...args] of commands) {
        results.push(await probe({ program, args, origin: 'a test' }, folder));
    }
    process.stdout.write(JSON.stringify(results) + '\n');
} finally {
    rmSync(folder, { recursive: true, force: true });
}
