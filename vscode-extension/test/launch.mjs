// Prints the command lines and working folder the extension uses to run Python
// (src/launch.ts), so tests/test_security_vscode.py can run exactly those.
// Used outside VS Code: launch.ts needs nothing of it.
//
// Usage: node launch.mjs '<JSON request>', the request being
//   { "command": [program, ...args], "storage": "<folder>", "inside": [[program, [folder, ...]], ...] }
// Prints { preflight: [...args], server: [...args], workingFolder: "...", inside: [true|false, ...] }.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = fileURLToPath(new URL('../src/launch.ts', import.meta.url));
const bundled = await esbuild.build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', write: false });
const folder = mkdtempSync(join(tmpdir(), 'infcheck-launch-'));
try {
    const module = join(folder, 'launch.mjs');
    writeFileSync(module, bundled.outputFiles[0].text);
    const { preflightArguments, serverArguments, workingFolder, isInsideAny } = await import(pathToFileURL(module).href);
    const request = JSON.parse(process.argv[2]);
    const [program, ...args] = request.command;
    const command = { program, args, origin: 'a test' };
    process.stdout.write(
        JSON.stringify({
            preflight: preflightArguments(command),
            server: serverArguments(command),
            workingFolder: workingFolder(request.storage),
            inside: (request.inside ?? []).map(([candidate, folders]) => isInsideAny(candidate, folders)),
        }) + '\n',
    );
} finally {
    rmSync(folder, { recursive: true, force: true });
}
