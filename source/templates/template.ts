/**
 * Request templates in ghz's vocabulary (Go template syntax), compiled once and rendered per
 * request: `{{.RequestNumber}}`, `{{.WorkerID}}`, `{{.TimestampUnix}}`, `{{.TimestampUnixMilli}}`,
 * `{{.TimestampUnixNano}}`, `{{.Timestamp}}`, `{{.UUID}}` (one per request), `{{newUUID}}` (a new
 * one each time), `{{randomString N}}`, `{{randomInt MIN MAX}}` (MIN inclusive, MAX exclusive),
 * plus any extra `{{.Name}}` fields the caller declares (e.g. `.MethodName` for gRPC).
 *
 * Compiling checks every action, so a bad template fails at start-up with one clear line, never
 * per request.
 */
import {randomUUID} from 'node:crypto';
import {UsageError} from '../errors.js';

/** What varies per request. Plain data. */
export type TemplateContext = {
	readonly requestNumber: number;
	readonly workerId: number;
	/** Epoch ms (float) of the request's intended start. */
	readonly timestampMs: number;
	/** Extra `.Name` fields declared at compile time. */
	readonly fields?: Readonly<Record<string, string | number>>;
};

type Part = string | ((context: TemplateContext, call: CallState) => string);

/** Per-render state, so `.UUID` is the same everywhere within one request. */
type CallState = {uuid: string | undefined};

export type Template = {
	/** The source text. */
	readonly source: string;
	/** False when the text has no actions: render() returns it unchanged. */
	readonly dynamic: boolean;
	render(context: TemplateContext): string;
};

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomString(length: number): string {
	let text = '';
	for (let index = 0; index < length; index++) {
		text += alphabet[Math.floor(Math.random() * alphabet.length)];
	}

	return text;
}

const builtinFields: Record<string, (context: TemplateContext, call: CallState) => string> = {
	RequestNumber: context => String(context.requestNumber),
	WorkerID: context => String(context.workerId),
	TimestampUnix: context => String(Math.floor(context.timestampMs / 1000)),
	TimestampUnixMilli: context => String(Math.floor(context.timestampMs)),
	TimestampUnixNano: context => (BigInt(Math.floor(context.timestampMs * 1000)) * 1000n).toString(),
	Timestamp: context => new Date(context.timestampMs).toISOString(),
	UUID(_context, call) {
		call.uuid ??= randomUUID();
		return call.uuid;
	},
};

function integerArgument(value: string | undefined, action: string, what: string, where: string): number {
	if (value === undefined || !/^-?\d+$/.test(value)) {
		throw new UsageError(`${where}: '{{${action}}}' needs ${what} as a whole number`);
	}

	return Number(value);
}

function compileAction(action: string, extraFields: readonly string[], where: string): Part {
	const words = action.trim().split(/\s+/);
	const [head, ...args] = words;
	if (head === undefined || head === '') {
		throw new UsageError(`${where}: empty template action '{{}}'`);
	}

	if (head.startsWith('.')) {
		const name = head.slice(1);
		if (args.length > 0) {
			throw new UsageError(`${where}: '{{${action.trim()}}}' takes no arguments`);
		}

		const builtin = builtinFields[name];
		if (builtin) {
			return builtin;
		}

		if (extraFields.includes(name)) {
			return context => String(context.fields?.[name] ?? '');
		}

		const known = [...Object.keys(builtinFields), ...extraFields].map(field => `.${field}`).join(', ');
		throw new UsageError(`${where}: unknown template field '${head}'; known: ${known}`);
	}

	switch (head) {
		case 'newUUID': {
			if (args.length > 0) {
				throw new UsageError(`${where}: '{{newUUID}}' takes no arguments`);
			}

			return () => randomUUID();
		}

		case 'randomString': {
			if (args.length !== 1) {
				throw new UsageError(`${where}: '{{randomString N}}' takes one length`);
			}

			const length = integerArgument(args[0], action.trim(), 'a length N >= 0', where);
			if (length < 0 || length > 1_048_576) {
				throw new UsageError(`${where}: randomString length must be 0..1048576, got ${length}`);
			}

			return () => randomString(length);
		}

		case 'randomInt': {
			if (args.length !== 2) {
				throw new UsageError(`${where}: '{{randomInt MIN MAX}}' takes two numbers`);
			}

			const min = integerArgument(args[0], action.trim(), 'MIN', where);
			const max = integerArgument(args[1], action.trim(), 'MAX', where);
			if (max <= min) {
				throw new UsageError(`${where}: randomInt needs MIN < MAX, got ${min} ${max}`);
			}

			return () => String(min + Math.floor(Math.random() * (max - min)));
		}

		default: {
			throw new UsageError(
				`${where}: unknown template function '${head}'; use .RequestNumber, .WorkerID, .TimestampUnix, .TimestampUnixMilli, .UUID, newUUID, randomString N or randomInt MIN MAX`,
			);
		}
	}
}

/**
 * Compile `source`. `where` names the flag or field for error messages (e.g. '--data');
 * `extraFields` are further `.Name` fields the caller supplies per request in `context.fields`.
 */
export function compileTemplate(source: string, where: string, extraFields: readonly string[] = []): Template {
	const parts: Part[] = [];
	let position = 0;
	while (position < source.length) {
		const open = source.indexOf('{{', position);
		if (open === -1) {
			parts.push(source.slice(position));
			break;
		}

		const close = source.indexOf('}}', open + 2);
		if (close === -1) {
			throw new UsageError(`${where}: unclosed '{{' at character ${open + 1} of the template`);
		}

		if (open > position) {
			parts.push(source.slice(position, open));
		}

		parts.push(compileAction(source.slice(open + 2, close), extraFields, where));
		position = close + 2;
	}

	const dynamic = parts.some(part => typeof part !== 'string');
	if (!dynamic) {
		return {source, dynamic, render: () => source};
	}

	return {
		source,
		dynamic,
		render(context) {
			const call: CallState = {uuid: undefined};
			let text = '';
			for (const part of parts) {
				text += typeof part === 'string' ? part : part(context, call);
			}

			return text;
		},
	};
}
