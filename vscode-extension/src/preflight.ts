import { execFile } from 'node:child_process';

import type { PythonCommand } from './interpreter';

export const MINIMUM_PYTHON = [3, 10] as const;

/** What running an interpreter once told us, before the language server is started with it. */
export type Probe =
    | { kind: 'ready'; python: string; infcheck: string }
    | { kind: 'missing'; detail: string }
    | { kind: 'too-old'; python: string }
    | { kind: 'not-installed'; python: string; detail: string }
    | { kind: 'failed'; detail: string };

// Prints the Python version before importing, so an interpreter without infcheck still
// says which Python it is; the imports are the ones `python -m lsp_server` needs.
const SCRIPT = [
    'import sys',
    'print("%d.%d.%d" % tuple(sys.version_info[:3]))',
    'sys.stdout.flush()',
    'import infcheck, lsp_server',
    'print(infcheck.__version__)',
].join('\n');

const PROBE_TIMEOUT_MS = 30_000;

export function probe(command: PythonCommand, cwd: string | undefined): Promise<Probe> {
    return new Promise((resolve) => {
        execFile(
            command.program,
            [...command.args, '-c', SCRIPT],
            { cwd, timeout: PROBE_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' },
            (error, stdout, stderr) => resolve(classify(error, stdout, stderr)),
        );
    });
}

function classify(error: (Error & { code?: unknown; killed?: boolean }) | null, stdout: string, stderr: string): Probe {
    const [version = '', infcheckVersion = ''] = stdout.trim().split(/\r?\n/);
    const isVersion = /^\d+\.\d+\.\d+$/.test(version);
    if (!error) {
        return isVersion && !olderThanMinimum(version)
            ? { kind: 'ready', python: version, infcheck: infcheckVersion }
            : { kind: 'failed', detail: `it printed ${JSON.stringify(stdout.trim())} instead of its version` };
    }
    if (error.code === 'ENOENT') {
        return { kind: 'missing', detail: 'no such program' };
    }
    if (error.code === 'EACCES') {
        return { kind: 'missing', detail: 'it is not an executable program' };
    }
    if (error.killed) {
        return { kind: 'failed', detail: `it did not finish within ${PROBE_TIMEOUT_MS / 1000} seconds` };
    }
    if (isVersion && olderThanMinimum(version)) {
        return { kind: 'too-old', python: version };
    }
    const lastLine = stderr.trim().split(/\r?\n/).pop() ?? '';
    if (isVersion && /\b(ModuleNotFoundError|ImportError)\b/.test(lastLine)) {
        return { kind: 'not-installed', python: version, detail: lastLine };
    }
    return { kind: 'failed', detail: lastLine || error.message };
}

function olderThanMinimum(version: string): boolean {
    const [major, minor] = version.split('.').map(Number);
    return major < MINIMUM_PYTHON[0] || (major === MINIMUM_PYTHON[0] && minor < MINIMUM_PYTHON[1]);
}
