import * as vscode from 'vscode';

import { ServerController } from './controller';
import { onPythonInterpreterChange } from './interpreter';
import { interpreterSetting, SECTION } from './settings';

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const output = vscode.window.createOutputChannel('infcheck', { log: true });
    controller = new ServerController(output);
    const server = controller;
    context.subscriptions.push(
        output,
        server,
        vscode.commands.registerCommand('infcheck.restart', () => server.restart()),
        vscode.workspace.onDidChangeConfiguration((event) => {
            // select and ignore reach the running server as a configuration change;
            // another interpreter needs another server.
            if (event.affectsConfiguration(`${SECTION}.interpreter`)) {
                void server.restart();
            }
        }),
        // A trusted workspace may name its own interpreter, which restricted mode ignored.
        vscode.workspace.onDidGrantWorkspaceTrust(() => void server.restart()),
    );

    const pythonChanges = await onPythonInterpreterChange(() => {
        if (interpreterSetting(vscode.workspace.workspaceFolders?.[0]?.uri).kind !== 'command') {
            void server.restart();
        }
    });
    if (pythonChanges) {
        context.subscriptions.push(pythonChanges);
    }
    await server.start();
}

export async function deactivate(): Promise<void> {
    await controller?.stop();
    controller = undefined;
}
