/**
 * Reading a JSON report back (`loadscope report`, `loadscope compare`): the file must exist, be
 * JSON, and match docs/json-report.schema.json; anything else is one line and exit 2.
 */
import {readFile} from 'node:fs/promises';
import {Ajv, type ValidateFunction} from 'ajv';
import type {RunResult} from '../engine/run-handle.js';
import {UsageError} from '../errors.js';
import {packagePath} from '../paths.js';
import {fromJsonReport, reportFormat, reportSchemaVersion, type JsonReport} from './json.js';

export const schemaPath = packagePath('docs', 'json-report.schema.json');

let validator: ValidateFunction | undefined;

/** The compiled schema validator (the schema file ships with the package). */
export async function reportValidator(): Promise<ValidateFunction> {
	if (!validator) {
		const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as object;
		validator = new Ajv({allErrors: false, strict: true}).compile(schema);
	}

	return validator;
}

function reason(error: unknown): string {
	const code = (error as {code?: string}).code;
	return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String((error as Error).message ?? error);
}

/** Read and validate a report; throws UsageError with one line naming the file and the problem. */
export async function readReport(file: string): Promise<RunResult> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read report '${file}': ${reason(error)}`);
	}

	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new UsageError(`'${file}' is not JSON (${(error as Error).message}); pass a file written by --json`);
	}

	const record = data as {format?: unknown; schemaVersion?: unknown} | null;
	if (typeof record !== 'object' || record === null || Array.isArray(record) || record.format !== reportFormat) {
		throw new UsageError(`'${file}' is not a loadscope report (no "format": "${reportFormat}"); pass a file written by --json`);
	}

	if (record.schemaVersion !== reportSchemaVersion) {
		throw new UsageError(`'${file}' has report schemaVersion ${String(record.schemaVersion)}; this loadscope reads version ${reportSchemaVersion}`);
	}

	const validate = await reportValidator();
	if (!validate(data)) {
		const first = validate.errors?.[0];
		throw new UsageError(`'${file}' is not a valid loadscope report: ${first?.instancePath || '/'} ${first?.message ?? 'does not match the schema'}`);
	}

	return fromJsonReport(data as JsonReport);
}
