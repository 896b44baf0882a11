import * as vscode from 'vscode';

export const SECTION = 'infcheck';

/** What the language server is told about rule selection, in its initializationOptions and configuration. */
export interface RuleSelection {
    select: string[];
    ignore: string[];
    profile: string;
}

/**
 * Turns whatever the user wrote for a list of rules into clean selectors.
 * People write `["PUB, TGT"]` as readily as `["PUB", "TGT"]`, and a settings file
 * edited by hand may hold a string or a number where a list belongs; none of that
 * should reach the server as anything but a list of non-empty strings.
 */
export function selectors(value: unknown): string[] {
    const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    return items
        .filter((item): item is string => typeof item === 'string')
        .flatMap((item) => item.split(/[\s,]+/))
        .filter((item) => item.length > 0);
}

export function ruleSelection(scope?: vscode.ConfigurationScope): RuleSelection {
    const settings = vscode.workspace.getConfiguration(SECTION, scope);
    const profile = settings.get('profile');
    return {
        select: selectors(settings.get('select')),
        ignore: selectors(settings.get('ignore')),
        profile: typeof profile === 'string' ? profile : '',
    };
}

/** The `infcheck` section as the server reads it through workspace/configuration, with clean selectors. */
export function normalizeSection(section: unknown): unknown {
    if (section === null || typeof section !== 'object' || Array.isArray(section)) {
        return section;
    }
    const fields = section as Record<string, unknown>;
    return { ...fields, select: selectors(fields.select), ignore: selectors(fields.ignore) };
}

/** The `infcheck.interpreter` setting: unset, a usable command line, or something that cannot be run. */
export type InterpreterSetting = { kind: 'unset' } | { kind: 'command'; command: string[] } | { kind: 'invalid'; value: unknown };

export function interpreterSetting(scope?: vscode.ConfigurationScope): InterpreterSetting {
    const value = vscode.workspace.getConfiguration(SECTION, scope).get<unknown>('interpreter');
    if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
        return { kind: 'unset' };
    }
    if (Array.isArray(value) && value.length === 0) {
        return { kind: 'unset' };
    }
    if (typeof value === 'string') {
        return { kind: 'command', command: [value.trim()] };
    }
    if (Array.isArray(value) && value.every((part) => typeof part === 'string') && value[0].trim()) {
        return { kind: 'command', command: [value[0].trim(), ...value.slice(1)] };
    }
    return { kind: 'invalid', value };
}
