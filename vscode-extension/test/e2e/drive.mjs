// Drives a running code-server in headless Chromium the way a person would, for
// tests/test_vscode_e2e.py. Usage: node drive.mjs <settings.json>
//
// The settings file holds { url, chromium, fileName, timeoutMs, scenario, ... }:
//   scenario "diagnostics": wait for the squiggles, read the Problems panel, show the hover
//     at hoverLine:hoverColumn, save a screenshot to `screenshot`, then run the restart
//     command and count the server starts in the infcheck output channel, then type
//     `edit.text` at edit.line:edit.column and read the Problems panel again;
//   scenario "missing-infcheck": wait for the message saying the interpreter lacks infcheck,
//     then write `fixedSettings` to the workspace settings file `settingsPath` and read the
//     Problems panel once the restarted server has reported;
//   scenario "restricted": in a workspace opened in Restricted Mode, read the Problems panel,
//     the files in `markersPath` and the infcheck output channel, then trust the workspace
//     and read them again once the server has restarted.
// Prints one JSON object on stdout. Anything unexpected throws, so the caller sees a
// non-zero exit status and the reason on stderr.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));

// Flags for a root user on a machine with no display, GPU or internet: without the
// background-networking ones Chromium keeps dialling Google and is refused each time.
const CHROMIUM_FLAGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
];

const POSITIONED_ROW = /\[Ln \d+, Col \d+\]/;

async function openEditor(page) {
    await page.goto(settings.url);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ state: 'visible' });
    // The active tab must be the file asked for, not a welcome page that took its place.
    await page.locator('.tabs-container .tab.active', { hasText: settings.fileName }).waitFor();
    return editor;
}

async function languageMode(page) {
    return (await page.locator('#status\\.editor\\.mode').innerText()).trim();
}

async function problemRows(page, editor) {
    await editor.click();
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    // A row with a position is a diagnostic; the first row of the tree is the file itself.
    await rows.filter({ hasText: POSITIONED_ROW }).first().waitFor();
    return rows.evaluateAll((elements) =>
        elements.map((element) => ({
            text: element.innerText.replace(/\s+/g, ' ').trim(),
            label: element.getAttribute('aria-label') ?? '',
        })),
    );
}

async function hoverAt(page, editor, line, column) {
    // Go to line:column, then Show Hover (Ctrl+K Ctrl+I), as a keyboard user would.
    await editor.click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    await hover.waitFor({ state: 'visible' });
    // The diagnostic part of the hover can draw before the server's answer arrives.
    await hover.locator('code', { hasText: 'VEN_' }).first().waitFor({ state: 'visible' });
    return (await hover.innerText()).trim();
}

async function runCommand(page, title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
}

/**
 * What the extension wrote to its output channel, read from the log file VS Code keeps
 * of it under `logsFolder`: the panel draws only the lines in view.
 */
function infcheckLog() {
    const file = readdirSync(settings.logsFolder, { recursive: true })
        .map((name) => join(settings.logsFolder, name))
        .find((path) => basename(path) === 'infcheck.log' && basename(dirname(path)) === 'infcheck.infcheck');
    return file ? readFileSync(file, 'utf8') : '';
}

/** The lines of the infcheck output channel that say a server was started. */
function serverStarts() {
    return infcheckLog()
        .split('\n')
        .filter((line) => line.includes('-m lsp_server') && line.includes('starting'));
}

/** Shows the infcheck output channel in the panel, once the server has been started. */
async function showInfcheckOutput(page, editor) {
    await editor.click();
    await page.keyboard.press('Escape');
    await runCommand(page, 'Output: Show Output Channels');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'infcheck' }).first().waitFor();
    await page.keyboard.type('infcheck');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.part.panel .monaco-editor .view-lines')?.textContent.includes('lsp_server'));
}

/** Waits until the output channel shows more server starts than `before`, and returns how many. */
async function startsAfter(page, before) {
    const deadline = Date.now() + settings.timeoutMs;
    while (serverStarts().length <= before && Date.now() < deadline) {
        await page.waitForTimeout(250);
    }
    return serverStarts().length;
}

async function restartServer(page, editor) {
    await showInfcheckOutput(page, editor);
    const before = serverStarts().length;

    await runCommand(page, 'infcheck: Restart Language Server');
    const after = await startsAfter(page, before);
    // The restarted server must report the same problems again.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
    return { startsBefore: before, startsAfter: after, problems: await problemRows(page, editor) };
}

async function diagnostics(page) {
    const editor = await openEditor(page);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
    const mode = await languageMode(page);
    const problems = await problemRows(page, editor);
    const hover = await hoverAt(page, editor, settings.hoverLine, settings.hoverColumn);
    await page.screenshot({ path: settings.screenshot });
    const restart = await restartServer(page, editor);
    const afterEdit = await typeAt(page, editor, settings.edit);
    return { languageMode: mode, problems, hover, restart, afterEdit };
}

/** Types text at line:column and returns the Problems rows once their number has changed. */
async function typeAt(page, editor, { line, column, text }) {
    const rows = page.locator('.markers-panel .monaco-list-row').filter({ hasText: POSITIONED_ROW });
    const before = await rows.count();
    await editor.click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.keyboard.type(text);
    await page.waitForFunction(
        ([selector, count]) =>
            [...document.querySelectorAll(selector)].filter((row) => /\[Ln \d+, Col \d+\]/.test(row.textContent)).length !== count,
        ['.markers-panel .monaco-list-row', before],
    );
    return problemRows(page, editor);
}

async function missingInfcheck(page) {
    const editor = await openEditor(page);
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'infcheck is not installed' });
    await toast.first().waitFor({ state: 'visible' });
    const message = (await toast.first().locator('.notification-list-item-message').innerText()).trim();
    const buttons = await toast.first().locator('.monaco-button').allInnerTexts();
    const squigglesBeforeFix = await page.locator('.monaco-editor .squiggly-error').count();

    // What the message asks for: point the setting at a Python that has infcheck.
    writeFileSync(settings.settingsPath, JSON.stringify(settings.fixedSettings));
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
    const problems = await problemRows(page, editor);
    return { languageMode: await languageMode(page), message, buttons, squigglesBeforeFix, problems };
}

async function restricted(page) {
    const editor = await openEditor(page);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
    const restrictedMode = await page.locator('#status\\.workspaceTrust').isVisible();
    const problems = await problemRows(page, editor);
    const before = await startsAfter(page, 0);
    const log = infcheckLog();
    const markers = readdirSync(settings.markersPath).sort();

    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    await page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first().click();
    await startsAfter(page, before);
    // Back from the trust editor to the INF, where the restarted server's squiggles show.
    await page.locator('.tabs-container .tab', { hasText: settings.fileName }).first().click();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
    const rows = await problemRows(page, editor);
    // Long enough for a second start, had granting trust set off two.
    await page.waitForTimeout(3000);
    const trusted = {
        restrictedMode: await page.locator('#status\\.workspaceTrust').isVisible(),
        startsBefore: before,
        startsAfter: serverStarts().length,
        problems: rows,
        markers: readdirSync(settings.markersPath).sort(),
    };
    return { languageMode: await languageMode(page), restrictedMode, problems, log, markers, trusted };
}

const SCENARIOS = { diagnostics, 'missing-infcheck': missingInfcheck, restricted };

const scenario = SCENARIOS[settings.scenario];
if (!scenario) {
    throw new Error(`unknown scenario ${JSON.stringify(settings.scenario)}`);
}
const browser = await chromium.launch({ executablePath: settings.chromium, headless: true, args: CHROMIUM_FLAGS });
try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.setDefaultTimeout(settings.timeoutMs);
    let result;
    try {
        result = await scenario(page);
    } catch (error) {
        // What the page showed when a step timed out says more than the step's name.
        if (settings.failureScreenshot) {
            await page.screenshot({ path: settings.failureScreenshot }).catch(() => {});
        }
        throw error;
    }
    process.stdout.write(JSON.stringify(result) + '\n');
} finally {
    await browser.close();
}
