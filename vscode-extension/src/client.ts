import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, RevealOutputChannelOn, type ServerOptions } from 'vscode-languageclient/node';

import type { PythonCommand } from './interpreter';
import { serverArguments } from './launch';
import { normalizeSection, ruleSelection, SECTION } from './settings';

/** Publishing plans are TOML files the server lints; they are chosen by name, whatever language mode they are in. */
export const PLAN_PATTERN = '**/{publish.toml,*.publish.toml}';

/** A client for the server run by `command` in `cwd`, a folder outside the workspace (see launch.ts). */
export function createClient(command: PythonCommand, cwd: string, output: vscode.LogOutputChannel): LanguageClient {
    // No transport is named on purpose: naming stdio makes the client append `--stdio`,
    // which the server does not take; plain stdio is the default.
    const serverOptions: ServerOptions = {
        command: command.program,
        args: serverArguments(command),
        options: { cwd, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } },
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'inf' },
            { scheme: 'untitled', language: 'inf' },
            { scheme: 'file', pattern: PLAN_PATTERN },
        ],
        initializationOptions: ruleSelection(vscode.workspace.workspaceFolders?.[0]?.uri),
        synchronize: { configurationSection: SECTION },
        outputChannel: output,
        revealOutputChannelOn: RevealOutputChannelOn.Never,
        middleware: {
            workspace: {
                // The server reads select and ignore from here too; give it the same clean lists
                // as the initialization options, not whatever shape the settings file holds.
                configuration: async (params, token, next) => {
                    const answer = await next(params, token);
                    if (!Array.isArray(answer)) {
                        return answer;
                    }
                    return answer.map((value, index) => (params.items[index]?.section === SECTION ? normalizeSection(value) : value));
                },
            },
        },
    };
    return new LanguageClient('infcheck', 'infcheck language server', serverOptions, clientOptions);
}
