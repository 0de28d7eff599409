/** Files named by flags (CA bundles, keys, creds, data): read now, or one usage line naming the flag. */
import {readFileSync} from 'node:fs';
import {UsageError} from './errors.js';

export function readFlagFile(file: string, flag: string): Buffer {
	try {
		return readFileSync(file);
	} catch (error) {
		throw new UsageError(`${flag}: cannot read '${file}' (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
	}
}

/** The path, once it is known to be readable (the file itself is read later, in the workers). */
export function readableFlagFile(file: unknown, flag: string): string | undefined {
	if (file === undefined) {
		return undefined;
	}

	readFlagFile(String(file), flag);
	return String(file);
}
