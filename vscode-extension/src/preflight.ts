import { execFile } from 'node:child_process';

import type { PythonCommand } from './interpreter';
import { preflightArguments } from './launch';

export const MINIMUM_PYTHON = [3, 10] as const;

/** What running an interpreter once told us, before the language server is started with it. */
export type Probe =
    | { kind: 'ready'; python: string; infcheck: string }
    | { kind: 'missing'; detail: string }
    | { kind: 'too-old'; python: string }
    | { kind: 'not-installed'; python: string; detail: string }
    | { kind: 'failed'; detail: string };

const PROBE_TIMEOUT_MS = 30_000;

/** Runs the interpreter once, in `cwd` (never the workspace: see launch.ts). */
export function probe(command: PythonCommand, cwd: string): Promise<Probe> {
    return new Promise((resolve) => {
        execFile(
            command.program,
            preflightArguments(command),
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
