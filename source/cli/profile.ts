/**
 * Profile files (YAML): workload, its options, engine flags, load shape and thresholds.
 * Every error names the file, the line and the field: `profiles/x.yaml:4: options.latncy: ...`.
 */
import {readFileSync} from 'node:fs';
import {isMap, isScalar, LineCounter, parseDocument, type Document} from 'yaml';
import {UsageError} from '../errors.js';
import {createShape} from '../load/index.js';
import type {ShapeSpec} from '../load/shape.js';
import {parseThreshold} from '../metrics/thresholds.js';
import {parseDuration} from './parse.js';

export type Profile = {
	readonly file: string;
	readonly workload: string;
	/** The command's own flags, camelCase keys as meow gives them. */
	readonly options: Readonly<Record<string, unknown>>;
	readonly engine: Readonly<Record<string, unknown>>;
	readonly args: readonly string[];
	readonly load: ShapeSpec | undefined;
	readonly thresholds: readonly string[];
	readonly abortOnFail: {readonly graceMs: number} | undefined;
	/** Line of a field path (e.g. ['options', 'latency']) for later messages. */
	readonly lineOf: (path: readonly string[]) => number;
};

const topKeys = ['workload', 'options', 'engine', 'load', 'thresholds', 'abort-on-fail', 'target', 'args', 'description'];

export function camelCase(key: string): string {
	return key.replaceAll(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

export function loadProfile(file: string): Profile {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		throw new UsageError(`${file}: cannot read the profile file; check the path`);
	}

	const counter = new LineCounter();
	const document: Document = parseDocument(text, {lineCounter: counter, prettyErrors: false});
	if (document.errors.length > 0) {
		const error = document.errors[0]!;
		const line = counter.linePos(error.pos[0]).line;
		throw new UsageError(`${file}:${line}: not valid YAML: ${error.message.split('\n')[0]}`);
	}

	const lineOf = (path: readonly string[]): number => {
		for (let depth = path.length; depth > 0; depth--) {
			const node = document.getIn(path.slice(0, depth), true) as {range?: [number, number, number]} | undefined;
			const key = depth > 0 ? findKey(document, path.slice(0, depth)) : undefined;
			const offset = key ?? node?.range?.[0];
			if (offset !== undefined) {
				return counter.linePos(offset).line;
			}
		}

		return 1;
	};

	const fail = (path: readonly string[], message: string): never => {
		throw new UsageError(`${file}:${lineOf(path)}: ${message}`);
	};

	const data = document.toJS() as unknown;
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		return fail([], 'a profile is a YAML mapping with workload, options, engine, load and thresholds');
	}

	const root = data as Record<string, unknown>;
	for (const key of Object.keys(root)) {
		if (!topKeys.includes(key)) {
			fail([key], `${key}: unknown field; a profile has ${topKeys.join(', ')}`);
		}
	}

	if (typeof root['workload'] !== 'string') {
		fail(['workload'], 'workload: missing; name a command, e.g. workload: synthetic');
	}

	const section = (key: string): Record<string, unknown> => {
		const value = root[key] ?? {};
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			return fail([key], `${key}: must be a mapping of name: value`);
		}

		return value as Record<string, unknown>;
	};

	const camel = (object: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(object).map(([key, value]) => [camelCase(key), value]));

	let load: ShapeSpec | undefined;
	if (root['load'] !== undefined) {
		const raw = section('load');
		const {shape, ...rest} = raw;
		if (typeof shape !== 'string') {
			fail(['load'], 'load.shape: missing; use e.g. {shape: constant, rate: 100, duration: 60s}');
		}

		load = {type: shape as string, ...rest};
		if (shape === 'constant') {
			const constant: Record<string, unknown> = rest;
			for (const key of Object.keys(constant)) {
				if (key !== 'rate' && key !== 'duration') {
					fail(['load', key], `load.${key}: unknown field for the 'constant' shape; it takes rate, duration`);
				}
			}

			try {
				load = {type: 'constant', rate: Number(constant['rate']), durationMs: constant['duration'] === undefined ? undefined : parseDuration(constant['duration'], 'load.duration')};
			} catch (error) {
				fail(['load', 'duration'], (error as Error).message);
			}

			if (!(Number(constant['rate']) > 0)) {
				fail(['load', 'rate'], `load.rate: must be a rate above 0, got ${String(constant['rate'])}`);
			}
		}

		try {
			createShape(load!);
		} catch (error) {
			if (!(error instanceof UsageError)) {
				throw error;
			}

			const field = /^load\.([\w-]+)/.exec(error.message)?.[1];
			fail(field === undefined ? ['load'] : ['load', field === 'shape' ? 'shape' : field], error.message);
		}
	}

	const thresholds = root['thresholds'] ?? [];
	if (!Array.isArray(thresholds)) {
		fail(['thresholds'], "thresholds: must be a list, e.g. ['p99<50ms', 'errors<0.1%']");
	}

	for (const [index, expression] of (thresholds as unknown[]).entries()) {
		try {
			parseThreshold(String(expression));
		} catch (error) {
			fail(['thresholds', String(index)], `thresholds[${index}]: ${(error as Error).message}`);
		}
	}

	let abortOnFail: {graceMs: number} | undefined;
	const abort = root['abort-on-fail'];
	if (abort === true) {
		abortOnFail = {graceMs: 0};
	} else if (abort !== undefined && abort !== false) {
		const grace = (abort as Record<string, unknown>)['grace'];
		try {
			abortOnFail = {graceMs: grace === undefined ? 0 : parseDuration(grace, 'abort-on-fail.grace')};
		} catch (error) {
			fail(['abort-on-fail', 'grace'], (error as Error).message);
		}
	}

	const args = root['args'] ?? (root['target'] === undefined ? [] : [root['target']]);
	if (!Array.isArray(args)) {
		fail(['args'], 'args: must be a list of positional arguments');
	}

	return {
		file,
		workload: root['workload'] as string,
		options: camel(section('options')),
		engine: camel(section('engine')),
		args: (args as unknown[]).map(String),
		load,
		thresholds: (thresholds as unknown[]).map(String),
		abortOnFail,
		lineOf,
	};
}

/** Offset of the key node of `path` in the document (so the line names the field, not its value). */
function findKey(document: Document, path: readonly string[]): number | undefined {
	const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
	if (isMap(parent)) {
		for (const pair of parent.items) {
			if (isScalar(pair.key) && String(pair.key.value) === path.at(-1)) {
				return pair.key.range?.[0];
			}
		}
	}

	const node = document.getIn(path, true) as {range?: [number, number, number]} | undefined;
	return node?.range?.[0];
}

/** Checks the profile's options and engine keys against the command's flags, naming the line. */
export function checkProfileFlags(profile: Profile, flags: Readonly<Record<string, unknown>>, commonFlags: Readonly<Record<string, unknown>>): void {
	for (const [section, values, known] of [['options', profile.options, flags], ['engine', profile.engine, commonFlags]] as const) {
		for (const key of Object.keys(values)) {
			if (!(key in known)) {
				const kebab = key.replaceAll(/[A-Z]/g, c => `-${c.toLowerCase()}`);
				throw new UsageError(`${profile.file}:${profile.lineOf([section, kebab])}: ${section}.${kebab}: unknown ${section === 'options' ? 'option' : 'engine flag'} for '${profile.workload}'`);
			}
		}
	}
}
