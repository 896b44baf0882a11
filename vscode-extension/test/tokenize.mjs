// Tokenizes INF files with the extension's grammar, as VS Code does (vscode-textmate and
// its Oniguruma), and reports each token whose scope marks the text as invalid.
// Used by tests/test_vscode_grammar.py to run the grammar over real driver INF files.
//
// Usage: node tokenize.mjs <file> ...
// Prints one JSON object: { "<file>": { lines, milliseconds, invalid: [[line, column, scope, text]] } }
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const textmate = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const grammarPath = fileURLToPath(new URL('../syntaxes/inf.tmLanguage.json', import.meta.url));
// VS Code stops tokenizing a line past this many characters, so the test does too.
const MAX_LINE_LENGTH = 20_000;

/** Windows writes INF files in UTF-16 with a byte-order mark, UTF-8, or an ANSI code page. */
function decode(bytes) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
        return new TextDecoder('utf-16le').decode(bytes.subarray(2));
    }
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
        return new TextDecoder('utf-16be').decode(bytes.subarray(2));
    }
    try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
        return new TextDecoder('windows-1252').decode(bytes);
    }
}

await oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
const registry = new textmate.Registry({
    onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath),
});
const grammar = await registry.loadGrammar('source.inf');

const report = {};
for (const file of process.argv.slice(2)) {
    const lines = decode(readFileSync(file)).split(/\r\n|\r|\n/);
    const invalid = [];
    const started = performance.now();
    let state = textmate.INITIAL;
    lines.forEach((line, index) => {
        const result = grammar.tokenizeLine(line.slice(0, MAX_LINE_LENGTH), state);
        for (const token of result.tokens) {
            const scope = token.scopes.find((name) => name.startsWith('invalid.'));
            if (scope) {
                invalid.push([index + 1, token.startIndex + 1, scope, line.slice(token.startIndex, token.endIndex)]);
            }
        }
        state = result.ruleStack;
    });
    report[file] = { lines: lines.length, milliseconds: Math.round(performance.now() - started), invalid };
}
process.stdout.write(JSON.stringify(report) + '\n');
