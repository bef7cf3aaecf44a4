import {
  getMetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { EnvironmentDto } from './env.dto.js';

/** What a check without a message of its own accepts, by class-validator's name for it. */
const PLAIN: Record<string, string> = {
  isString: 'text',
  isBoolean: 'true or false',
  isInt: 'an integer',
  isNumber: 'a number',
};

/** A default as `--help` shows it. */
export function shown(value: unknown): string {
  if (value === undefined) {
    return '(unset)';
  }
  if (Array.isArray(value)) {
    return value.length ? value.join(',') : '(none)';
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

/**
 * Every setting as `[variable, default, what it accepts]`, read from the environment DTO itself
 * (its class-validator metadata and its defaults), so `--help` cannot drift from what start-up checks.
 */
export function settingsRows(): [string, string, string][] {
  const defaults = new EnvironmentDto() as unknown as Record<string, unknown>;
  const said = new Map<string, { own: string[]; plain: string[] }>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(
    EnvironmentDto,
    '',
    true,
    false,
  )) {
    const entry = said.get(m.propertyName) ?? { own: [], plain: [] };
    said.set(m.propertyName, entry);
    if (typeof m.message === 'string') {
      entry.own.unshift(m.message); // decorators run bottom-up: unshift puts them back in order
    } else if (m.type === 'customValidation' && m.constraintCls) {
      const constraint = new (m.constraintCls as new () => ValidatorConstraintInterface)();
      const text = constraint.defaultMessage?.({
        constraints: m.constraints,
      } as ValidationArguments);
      if (text && !text.includes('$property')) {
        entry.own.unshift(text); // ours; class-validator's own read "$property must be …"
      } else if (PLAIN[m.name ?? '']) {
        entry.plain.push(PLAIN[m.name ?? ''] ?? '');
      }
    } else if (PLAIN[m.name ?? '']) {
      entry.plain.push(PLAIN[m.name ?? ''] ?? '');
    }
  }
  return [...said].map(([name, { own, plain }]) => {
    // "a share between 0 and 1" says less than "a share between 0 and 1, e.g. 0.8": keep the latter.
    const texts = [...new Set(own)].filter(
      (t, _i, all) => !all.some((other) => other !== t && other.startsWith(t)),
    );
    return [name, shown(defaults[name]), (texts.length ? texts : plain).join('; ') || 'text'];
  });
}

/** `simscope --help`: how to run it and the settings table. */
export function helpText(version: string): string {
  const rows = settingsRows();
  const width = Math.max(...rows.map(([n]) => n.length));
  const dflt = Math.min(24, Math.max(...rows.map(([, d]) => d.length)));
  const lines = rows.map(
    ([name, value, accepts]) => `  ${name.padEnd(width)}  ${value.padEnd(dflt)}  ${accepts}`,
  );
  return [
    `simscope ${version}: a live console for the simulation containers on a Docker host.`,
    '',
    'Usage: node apps/server/dist/main.js [--help | --version]',
    '',
    'Settings come from the environment (a bad value stops start-up with one line naming it):',
    `  ${'VARIABLE'.padEnd(width)}  ${'DEFAULT'.padEnd(dflt)}  ACCEPTS`,
    ...lines,
    '',
  ].join('\n');
}
