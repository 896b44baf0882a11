import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { PythonCommand } from './interpreter';

/**
 * How the extension runs Python, kept free of VS Code so tests can run the very same
 * command lines (test/launch.mjs).
 *
 * Python puts the folder it starts in first on its import path (`''` for `-c`, the
 * folder itself for `-m`). Started in the workspace, `import infcheck` would then load
 * a workspace's own `infcheck/`, `lsp_server/`, `lark/` or `pygls/` folder: opening a
 * folder would run its code. So Python starts in a folder the extension owns, and the
 * first thing it runs drops that entry, which `-P` does from Python 3.11 on and this
 * does on 3.10 too. Unlike `-I`, it keeps the user's own site-packages and PYTHONPATH,
 * where `pip install --user` (the default of the Microsoft Store Python) puts it.
 */
export const OFF_THE_IMPORT_PATH = 'import sys; sys.path[:] = [entry for entry in sys.path if entry]';

// Prints the Python version before importing, so an interpreter without infcheck still
// says which Python it is; the imports are the ones the language server needs.
const PREFLIGHT = [
    OFF_THE_IMPORT_PATH,
    'print("%d.%d.%d" % tuple(sys.version_info[:3]))',
    'sys.stdout.flush()',
    'import infcheck, lsp_server',
    'print(infcheck.__version__)',
].join('\n');

// What `python -m lsp_server` does, after the line above.
const SERVER = [OFF_THE_IMPORT_PATH, 'import runpy', "runpy.run_module('lsp_server', run_name='__main__', alter_sys=True)"].join('\n');

/** The arguments of the preflight check: the interpreter's own, then the script. */
export function preflightArguments(command: PythonCommand): string[] {
    return [...command.args, '-c', PREFLIGHT];
}

/** The arguments that start the language server, the equivalent of `-m lsp_server`. */
export function serverArguments(command: PythonCommand): string[] {
    return [...command.args, '-c', SERVER];
}

/**
 * The folder Python starts in: the extension's own storage folder, created if need be,
 * else the system's temporary folder; never the workspace. On Windows a bare program
 * name such as `py` is looked up in the starting folder before PATH, one more reason.
 */
export function workingFolder(storage: string | undefined): string {
    if (storage) {
        try {
            fs.mkdirSync(storage, { recursive: true });
            return storage;
        } catch {
            // A storage folder that cannot be made is no reason not to start.
        }
    }
    return os.tmpdir();
}

/** Whether a program lies in one of the folders, as written or once its links are followed. */
export function isInsideAny(program: string, folders: readonly string[]): boolean {
    if (!path.isAbsolute(program)) {
        return false;
    }
    const forms = new Set([path.resolve(program)]);
    try {
        forms.add(fs.realpathSync.native(program));
    } catch {
        // A program that does not exist is reported by the preflight check.
    }
    return folders.some((folder) => {
        const roots = new Set([path.resolve(folder)]);
        try {
            roots.add(fs.realpathSync.native(folder));
        } catch {
            // Compared as written.
        }
        return [...roots].some((root) => [...forms].some((form) => contains(root, form)));
    });
}

function contains(folder: string, candidate: string): boolean {
    const fold = (value: string) => (process.platform === 'win32' || process.platform === 'darwin' ? value.toLowerCase() : value);
    const relative = path.relative(fold(folder), fold(candidate));
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
