import * as vscode from 'vscode';

import { ServerController } from './controller';
import { onPythonInterpreterChange } from './interpreter';
import { interpreterSetting, SECTION } from './settings';

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const output = vscode.window.createOutputChannel('infcheck', { log: true });
    const storage = context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined;
    controller = new ServerController(output, storage);
    const server = controller;
    context.subscriptions.push(
        output,
        server,
        vscode.commands.registerCommand('infcheck.restart', () => server.restart()),
        vscode.workspace.onDidChangeConfiguration((event) => {
            // select and ignore reach the running server as a configuration change;
            // another interpreter needs another server.
            if (event.affectsConfiguration(`${SECTION}.interpreter`)) {
                server.restartSoon('infcheck.interpreter changed');
            }
        }),
        // A trusted workspace may name its own interpreter, or keep one in its folders,
        // which Restricted Mode ignored.
        vscode.workspace.onDidGrantWorkspaceTrust(() => server.restartSoon('the workspace is trusted now')),
    );

    const pythonChanges = await onPythonInterpreterChange(() => {
        if (interpreterSetting(vscode.workspace.workspaceFolders?.[0]?.uri).kind !== 'command') {
            server.restartSoon('the Python extension selected another interpreter');
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
