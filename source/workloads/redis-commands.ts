/**
 * `--command` specs for `loadscope redis`: `[WEIGHT:]VERB ARG ...`, e.g. `'80:GET {{.Key}}'`.
 * Tokenised once (single and double quotes, backslash escapes inside double quotes, and a
 * `{{ ... }}` template action never split on its spaces); every argument is compiled as a
 * template once, so a bad template fails at start-up with one line.
 */
import {UsageError} from '../errors.js';
import {compileTemplate, type Template} from '../templates/template.js';

/** A parsed `--command`, plain data (crosses into workers). */
export type RedisCommandSpec = {
	/** Operation name in reports: the verb in lower case, made distinct when repeated (`set`, `set-2`). */
	readonly name: string;
	readonly weight: number;
	/** Verb as typed (sent as is). */
	readonly verb: string;
	/** Argument templates as typed. */
	readonly args: readonly string[];
};

/** Extra template fields the redis workload supplies per request. */
export const redisTemplateFields = ['Key'] as const;

/** Split a command line into words: quotes group, `{{ ... }}` stays whole. */
export function tokenizeCommand(line: string, where = '--command'): string[] {
	const words: string[] = [];
	let word = '';
	let inWord = false;
	let index = 0;
	while (index < line.length) {
		const char = line[index]!;
		if (line.startsWith('{{', index)) {
			const close = line.indexOf('}}', index + 2);
			if (close === -1) {
				throw new UsageError(`${where}: unclosed '{{' in '${line}'`);
			}

			word += line.slice(index, close + 2);
			inWord = true;
			index = close + 2;
			continue;
		}

		if (char === '"' || char === "'") {
			const quote = char;
			inWord = true;
			index++;
			let closed = false;
			while (index < line.length) {
				const inner = line[index]!;
				if (inner === quote) {
					closed = true;
					index++;
					break;
				}

				if (quote === '"' && inner === '\\' && index + 1 < line.length) {
					const next = line[index + 1]!;
					word += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
					index += 2;
					continue;
				}

				word += inner;
				index++;
			}

			if (!closed) {
				throw new UsageError(`${where}: unclosed ${quote} quote in '${line}'`);
			}

			continue;
		}

		if (/\s/.test(char)) {
			if (inWord) {
				words.push(word);
				word = '';
				inWord = false;
			}

			index++;
			continue;
		}

		word += char;
		inWord = true;
		index++;
	}

	if (inWord) {
		words.push(word);
	}

	return words;
}

/**
 * A leading `WEIGHT:` is a weight when what precedes the colon starts like a number (Redis
 * verbs start with a letter): `80:GET k`, `2.5:SET k v`, `20%:DEL k`.
 */
function splitWeight(text: string): {weight: number; rest: string} {
	const match = /^\s*([\d.+-][^\s:]*):(.*)$/s.exec(text);
	if (!match) {
		return {weight: 1, rest: text};
	}

	const raw = match[1]!;
	const weight = Number(raw.replace(/%$/, ''));
	if (!/^[+]?(\d+\.?\d*|\.\d+)%?$/.test(raw) || !Number.isFinite(weight) || weight <= 0) {
		throw new UsageError(`--command: weight '${raw}' must be a number more than 0, as in '80:GET {{.Key}}'`);
	}

	return {weight, rest: match[2]!};
}

/** Parse every `--command` (at least one) into specs with distinct operation names. */
export function parseRedisCommands(commands: readonly string[], options: {keys: number}): RedisCommandSpec[] {
	if (commands.length === 0) {
		throw new UsageError("give at least one --command, e.g. --command 'SET key:{{.RequestNumber}} {{randomString 64}}'");
	}

	const counts = new Map<string, number>();
	return commands.map(text => {
		const {weight, rest} = splitWeight(text);
		const words = tokenizeCommand(rest);
		const [verb, ...args] = words;
		if (verb === undefined || verb === '') {
			throw new UsageError(`--command '${text}' is empty; give a Redis command such as 'GET {{.Key}}'`);
		}

		if (verb.includes('{{')) {
			throw new UsageError(`--command '${text}': the verb cannot be a template`);
		}

		for (const arg of args) {
			if (options.keys === 0 && /\{\{\s*\.Key\s*\}\}/.test(arg)) {
				throw new UsageError(`--command '${text}': {{.Key}} draws from the key space; give --keys N`);
			}

			compileTemplate(arg, `--command '${text}'`, redisTemplateFields);
		}

		const base = verb.toLowerCase();
		const seen = (counts.get(base) ?? 0) + 1;
		counts.set(base, seen);
		return {name: seen === 1 ? base : `${base}-${seen}`, weight, verb, args};
	});
}

/** A command ready to render: verb plus compiled argument templates. */
export type CompiledRedisCommand = {readonly verb: string; readonly args: readonly Template[]; readonly usesKey: boolean};

export function compileRedisCommand(spec: RedisCommandSpec): CompiledRedisCommand {
	const where = `--command '${spec.verb} ${spec.args.join(' ')}'`;
	return {
		verb: spec.verb,
		args: spec.args.map(arg => compileTemplate(arg, where, redisTemplateFields)),
		usesKey: spec.args.some(arg => /\{\{\s*\.Key\s*\}\}/.test(arg)),
	};
}
