/**
 * Reads and validates one field of a shape's plain-data spec, with messages that name the shape
 * and the field. Durations are accepted as text ('2m', '500ms', bare seconds) or as `<field>Ms`.
 */
import {UsageError} from '../errors.js';
import {parseDuration, parseRate} from '../cli/parse.js';

type Spec = {readonly type: string; readonly [key: string]: unknown};

function camel(key: string): string {
	return key.replaceAll(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function raw(spec: Spec, key: string): unknown {
	return spec[key] ?? spec[camel(key)];
}

export function has(spec: Spec, key: string): boolean {
	return raw(spec, key) !== undefined || spec[`${camel(key)}Ms`] !== undefined;
}

/** A rate in req/s (> 0 unless `allowZero`). */
export function readRate(spec: Spec, key: string, options: {allowZero?: boolean; fallback?: number} = {}): number {
	const value = raw(spec, key);
	if (value === undefined) {
		if (options.fallback !== undefined) {
			return options.fallback;
		}

		throw new UsageError(`load.${key}: missing; the '${spec.type}' shape needs ${key} (a rate in req/s)`);
	}

	if (options.allowZero && (value === 0 || value === '0')) {
		return 0;
	}

	if (typeof value === 'number' && value < 0) {
		throw new UsageError(`load.${key}: rate must not be negative, got ${value}`);
	}

	return parseRate(value, `load.${key}`);
}

/** A duration in ms (> 0 unless `allowZero`). */
export function readDuration(spec: Spec, key: string, options: {allowZero?: boolean; fallback?: number} = {}): number {
	const ms = spec[`${camel(key)}Ms`];
	let result: number;
	if (typeof ms === 'number') {
		result = ms;
	} else {
		const value = raw(spec, key);
		if (value === undefined) {
			if (options.fallback !== undefined) {
				return options.fallback;
			}

			throw new UsageError(`load.${key}: missing; the '${spec.type}' shape needs ${key} (a duration such as 30s or 2m)`);
		}

		if (typeof value === 'number' && value < 0) {
			throw new UsageError(`load.${key}: duration must not be negative, got ${value}`);
		}

		result = parseDuration(value, `load.${key}`);
	}

	if (!Number.isFinite(result) || result < 0 || (result === 0 && !options.allowZero)) {
		throw new UsageError(`load.${key}: must be a duration above 0, got ${String(raw(spec, key) ?? ms)}`);
	}

	return result;
}

/** A plain positive number (factors, counts). */
export function readNumber(spec: Spec, key: string, options: {fallback?: number; min?: number; integer?: boolean} = {}): number {
	const value = raw(spec, key);
	if (value === undefined && options.fallback !== undefined) {
		return options.fallback;
	}

	const number = typeof value === 'number' ? value : Number(value);
	if (value === undefined || !Number.isFinite(number) || number <= (options.min ?? 0) || (options.integer && !Number.isInteger(number))) {
		throw new UsageError(`load.${key}: must be ${options.integer ? 'an integer' : 'a number'} above ${options.min ?? 0}, got ${String(value)}`);
	}

	return number;
}

/** Rejects keys the shape does not know, so typos do not pass silently. */
export function checkKeys(spec: Spec, known: readonly string[]): void {
	const allowed = new Set(['type', 'shape', 'duration', 'durationMs']);
	for (const key of known) {
		allowed.add(key);
		allowed.add(camel(key));
		allowed.add(`${camel(key)}Ms`);
	}

	for (const key of Object.keys(spec)) {
		if (!allowed.has(key)) {
			throw new UsageError(`load.${key}: unknown field for the '${spec.type}' shape; it takes ${known.join(', ')}`);
		}
	}
}
