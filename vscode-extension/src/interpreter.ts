import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

import { isInsideAny } from './launch';
import { interpreterSetting } from './settings';

/** A way to start Python: the program, and the arguments that come before `-m lsp_server`. */
export interface PythonCommand {
    program: string;
    args: string[];
    /** Where it came from, said in messages so the user knows what to change. */
    origin: string;
}

/** The interpreters to try, in order, and why the list is what it is. */
export interface Candidates {
    /** Tried in order until one runs infcheck; a user's choice is the only one tried. */
    commands: PythonCommand[];
    notes: string[];
    /** The interpreter infcheck.interpreter names, when Restricted Mode forbids running it. */
    refused?: PythonCommand;
}

const PYTHON_EXTENSION_ID = 'ms-python.python';
const PATH_NAMES = ['python3', 'py', 'python'];
// The Python extension can take a while to activate on a large workspace; past this,
// infcheck starts with what it finds on PATH rather than waiting without end.
const PYTHON_EXTENSION_TIMEOUT_MS = 20_000;

/**
 * In an untrusted workspace no program inside the workspace is run, wherever its name
 * came from: a relative `.venv/bin/python` in the user's settings, the Python extension's
 * choice of the workspace's virtual environment, a PATH folder inside it. Its files are
 * anyone's, and a virtual environment there can hold any `infcheck` package. VS Code
 * itself hides the workspace's value of infcheck.interpreter (restrictedConfigurations).
 */
export async function interpreterCandidates(scope: vscode.Uri | undefined): Promise<Candidates> {
    const notes: string[] = [];
    const untrustedFolders = vscode.workspace.isTrusted ? [] : workspaceFolderPaths();
    const forbidden = (command: PythonCommand) => isInsideAny(command.program, untrustedFolders);

    const setting = interpreterSetting(scope);
    if (setting.kind === 'command') {
        const [program, ...args] = setting.command;
        const command = { program: expandPath(program, scope), args, origin: 'the infcheck.interpreter setting' };
        return forbidden(command) ? { commands: [], notes, refused: command } : { commands: [command], notes };
    }
    if (setting.kind === 'invalid') {
        notes.push(`ignoring infcheck.interpreter ${JSON.stringify(setting.value)}: it must be a path or an array of strings`);
    }

    const selected = await pythonExtensionInterpreter(scope, notes);
    if (selected && forbidden(selected)) {
        notes.push(`not running ${selected.program}, ${selected.origin}: it lies inside the untrusted workspace`);
    } else if (selected) {
        return { commands: [selected], notes };
    }

    const found = PATH_NAMES.flatMap((name) => {
        const program = findOnPath(name);
        return program ? [{ program, args: [], origin: `"${name}" on PATH` }] : [];
    });
    if (found.length === 0) {
        notes.push(`none of ${PATH_NAMES.join(', ')} is on PATH`);
    }
    const allowed = found.filter((command) => !forbidden(command));
    found
        .filter(forbidden)
        .forEach((command) => notes.push(`not running ${command.program}, ${command.origin}: it lies inside the untrusted workspace`));
    return { commands: allowed, notes };
}

function workspaceFolderPaths(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
}

/** Fires when the interpreter selected in the Python extension changes; undefined without that extension. */
export async function onPythonInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
    try {
        const environments = await pythonEnvironments();
        return environments?.onDidChangeActiveEnvironmentPath?.(listener);
    } catch {
        return undefined;
    }
}

async function pythonExtensionInterpreter(scope: vscode.Uri | undefined, notes: string[]): Promise<PythonCommand | undefined> {
    try {
        const environments = await withTimeout(pythonEnvironments(), PYTHON_EXTENSION_TIMEOUT_MS);
        if (!environments) {
            return undefined;
        }
        const active = environments.getActiveEnvironmentPath(scope);
        if (!active?.path) {
            return undefined;
        }
        const resolved = await withTimeout(environments.resolveEnvironment(active), PYTHON_EXTENSION_TIMEOUT_MS);
        const program = resolved?.executable?.uri?.fsPath ?? active.path;
        return { program, args: [], origin: 'the interpreter selected in the Python extension' };
    } catch (error) {
        notes.push(`could not ask the Python extension for its interpreter: ${String(error)}`);
        return undefined;
    }
}

// The parts of the Python extension's API used here (its `environments` object).
interface PythonEnvironments {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string } | undefined;
    resolveEnvironment(environment: { id: string; path: string } | string): Promise<
        { executable?: { uri?: vscode.Uri } } | undefined
    >;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
}

async function pythonEnvironments(): Promise<PythonEnvironments | undefined> {
    const extension = vscode.extensions.getExtension(PYTHON_EXTENSION_ID);
    if (!extension) {
        return undefined;
    }
    const api = extension.isActive ? extension.exports : await extension.activate();
    const environments = api?.environments;
    return typeof environments?.getActiveEnvironmentPath === 'function' ? environments : undefined;
}

function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), milliseconds);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Expands `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}`, and makes a
 * relative path such as `.venv/bin/python` relative to the workspace folder. A bare
 * name such as `python3.12` is left for the operating system to find on PATH.
 */
export function expandPath(value: string, scope: vscode.Uri | undefined): string {
    const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
    let expanded = value
        .replace(/\$\{userHome\}/g, os.homedir())
        .replace(/\$\{env:([^}]+)\}/g, (_, name: string) => process.env[name] ?? '')
        .replace(/^~(?=$|[\\/])/, os.homedir());
    if (folder) {
        expanded = expanded.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
    }
    const looksLikePath = expanded.includes('/') || expanded.includes(path.sep);
    if (looksLikePath && !path.isAbsolute(expanded) && folder) {
        expanded = path.join(folder.uri.fsPath, expanded);
    }
    return expanded;
}

function findOnPath(name: string): string | undefined {
    // A relative PATH entry means a different folder for every working folder: skipped.
    const folders = (process.env.PATH ?? '').split(path.delimiter).filter((folder) => path.isAbsolute(folder));
    const suffixes = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
    for (const folder of folders) {
        for (const suffix of suffixes) {
            const candidate = path.join(folder, name + suffix.toLowerCase());
            if (isExecutableFile(candidate)) {
                return candidate;
            }
        }
    }
    return undefined;
}

function isExecutableFile(candidate: string): boolean {
    try {
        if (!fs.statSync(candidate).isFile()) {
            return false;
        }
        fs.accessSync(candidate, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}
