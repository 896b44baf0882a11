import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { createClient } from './client';
import { interpreterCandidates, type PythonCommand } from './interpreter';
import { workingFolder } from './launch';
import { MINIMUM_PYTHON, probe, type Probe } from './preflight';

type Problem = Exclude<Probe, { kind: 'ready' }>;

const OPEN_SETTINGS = 'Open Settings';
const SHOW_OUTPUT = 'Show Output';
const RESTART_PAUSE_MS = 500;
const REQUIREMENT = `Python ${MINIMUM_PYTHON.join('.')} or later with infcheck installed`;

/**
 * Owns the one language server: finds an interpreter that can run it, starts it,
 * and stops or restarts it. Starts and stops run one after another, so a burst of
 * setting changes cannot leave two servers running.
 */
export class ServerController implements vscode.Disposable {
    private client: LanguageClient | undefined;
    private queue: Promise<void> = Promise.resolve();
    private restartTimer: NodeJS.Timeout | undefined;

    /** `storage` is the extension's own folder, where Python starts (see launch.ts). */
    constructor(
        private readonly output: vscode.LogOutputChannel,
        private readonly storage: string | undefined,
    ) {}

    start(): Promise<void> {
        return this.enqueue(() => this.startNow());
    }

    restart(): Promise<void> {
        return this.enqueue(async () => {
            await this.stopNow();
            await this.startNow();
        });
    }

    /**
     * Restarts after a short pause, once for any number of requests in it: granting
     * trust also changes the interpreter setting VS Code reports, two events for one act.
     */
    restartSoon(reason: string): void {
        this.log(`restarting: ${reason}`);
        clearTimeout(this.restartTimer);
        this.restartTimer = setTimeout(() => void this.restart(), RESTART_PAUSE_MS);
    }

    stop(): Promise<void> {
        return this.enqueue(() => this.stopNow());
    }

    dispose(): void {
        clearTimeout(this.restartTimer);
        void this.stop();
    }

    private enqueue(step: () => Promise<void>): Promise<void> {
        const next = this.queue.then(step, step);
        this.queue = next.catch((error) => this.output.error(`unexpected error: ${errorText(error)}`));
        return this.queue;
    }

    private async startNow(): Promise<void> {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const cwd = workingFolder(this.storage);
        if (!vscode.workspace.isTrusted) {
            this.log('Restricted Mode: the workspace\'s infcheck.interpreter is ignored, and no program inside the workspace is run');
        }
        const candidates = await interpreterCandidates(folder);
        candidates.notes.forEach((note) => this.log(note));
        if (candidates.refused) {
            this.report(
                `In Restricted Mode infcheck does not run ${display(candidates.refused)}, from ${candidates.refused.origin}: ` +
                    'it lies inside the workspace, which is not trusted. Trust the workspace, or set infcheck.interpreter ' +
                    'in your user settings to a Python outside it.',
            );
            return;
        }
        if (candidates.commands.length === 0) {
            this.report(
                `infcheck needs ${REQUIREMENT}, and found no Python: infcheck.interpreter is empty, ` +
                    'no interpreter is selected in the Python extension, and python3, py and python are not on PATH.',
            );
            return;
        }

        let firstProblem: { command: PythonCommand; result: Problem } | undefined;
        for (const command of candidates.commands) {
            const result = await probe(command, cwd);
            this.log(`${display(command)} (${command.origin}): ${summary(result)}`);
            if (result.kind === 'ready') {
                await this.launch(command, cwd);
                return;
            }
            firstProblem ??= { command, result };
        }
        if (firstProblem) {
            this.report(problemMessage(firstProblem.command, firstProblem.result));
        }
    }

    private async launch(command: PythonCommand, cwd: string): Promise<void> {
        this.log(`starting ${display(command)} -m lsp_server`);
        const client = createClient(command, cwd, this.output);
        this.client = client;
        try {
            await client.start();
        } catch (error) {
            this.report(`The infcheck language server (${display(command)} -m lsp_server) failed to start: ${errorText(error)}`);
        }
    }

    private async stopNow(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (!client) {
            return;
        }
        try {
            await client.stop();
        } catch (error) {
            this.output.warn(`stopping the language server: ${errorText(error)}`);
        }
    }

    private log(line: string): void {
        this.output.info(line);
    }

    private report(message: string): void {
        this.output.error(message);
        void vscode.window.showErrorMessage(message, OPEN_SETTINGS, SHOW_OUTPUT).then((choice) => {
            if (choice === OPEN_SETTINGS) {
                void vscode.commands.executeCommand('workbench.action.openSettings', 'infcheck.interpreter');
            } else if (choice === SHOW_OUTPUT) {
                this.output.show();
            }
        });
    }
}

function problemMessage(command: PythonCommand, result: Problem): string {
    const python = display(command);
    switch (result.kind) {
        case 'missing':
            return `infcheck cannot start: ${python}, from ${command.origin}, cannot be run (${result.detail}). Set infcheck.interpreter to a ${REQUIREMENT}.`;
        case 'too-old':
            return `infcheck needs Python ${MINIMUM_PYTHON.join('.')} or later, but ${python}, from ${command.origin}, is Python ${result.python}. Set infcheck.interpreter to a newer Python.`;
        case 'not-installed':
            return (
                `infcheck is not installed in ${python} (Python ${result.python}, from ${command.origin}). ` +
                `Install it there (${python} -m pip install followed by the path of an infcheck checkout or wheel), ` +
                'or set infcheck.interpreter to a Python that has it.'
            );
        case 'failed':
            return `infcheck cannot start: ${python}, from ${command.origin}, failed when asked for its version and for infcheck (${result.detail}).`;
    }
}

function summary(result: Probe): string {
    switch (result.kind) {
        case 'ready':
            return `Python ${result.python}, infcheck ${result.infcheck}`;
        case 'missing':
            return `cannot be run (${result.detail})`;
        case 'too-old':
            return `Python ${result.python} is too old`;
        case 'not-installed':
            return `Python ${result.python} without infcheck (${result.detail})`;
        case 'failed':
            return `failed (${result.detail})`;
    }
}

function display(command: PythonCommand): string {
    return [command.program, ...command.args].map((part) => (/\s/.test(part) ? `"${part}"` : part)).join(' ');
}

function errorText(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
