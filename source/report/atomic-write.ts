/**
 * Reports appear whole or not at all: each is written to a temporary file in the same directory
 * and renamed over the target. Whole files go through write-file-atomic (npm's own, with fsync);
 * the HDR log streams into its temporary file during the run, so memory stays bounded.
 * Devices and pipes (/dev/stdout, /dev/fd/N, a FIFO) are written in place: a rename would replace
 * them with a regular file — as root, even /dev/null.
 */
import {createWriteStream, statSync} from 'node:fs';
import {rename, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import type {Writable} from 'node:stream';
import writeFileAtomic from 'write-file-atomic';

/** A path under /dev or /proc, or anything that exists and is not a regular file (stat follows links). */
export function writesInPlace(file: string): boolean {
	if (/^\/(dev|proc)\//.test(path.resolve(file))) {
		return true;
	}

	try {
		return !statSync(file).isFile();
	} catch {
		return false;
	}
}

/** The process's own stdout, by one of its names. */
export function isStdout(file: string | undefined): boolean {
	return file !== undefined && ['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'].includes(path.resolve(file));
}

/** Through the process's stdout itself: opening /dev/stdout fails when it is a socket (ENXIO). */
async function writeToStdout(data: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		process.stdout.write(data, error => {
			if (error) {
				reject(error);
			} else {
				resolve();
			}
		});
	});
}

export async function writeAtomic(file: string, data: string): Promise<void> {
	if (isStdout(file)) {
		await writeToStdout(data);
		return;
	}

	// In place means appending: `--json /dev/stdout >> runs.jsonl` must not truncate what is there.
	await (writesInPlace(file) ? writeFile(file, data, {encoding: 'utf8', flag: 'a'}) : writeFileAtomic(file, data, {encoding: 'utf8'}));
}

/**
 * One line for a failed write or listen: the system error code and its words, without the
 * temporary file's name ('ENOENT: no such file or directory', 'EADDRINUSE: address already in use').
 */
export function describeWriteError(error: unknown): string {
	const {code, message} = error as {code?: string; message?: string};
	const text = String(message ?? error);
	const at = code ? text.indexOf(`${code}: `) : -1;
	if (code && at >= 0) {
		return `${code}: ${text.slice(at + code.length + 2).split(',')[0]!.replace(/ [\d.:]+$/, '')}`;
	}

	return code ? `${code}: ${text}` : text;
}

/**
 * A file written line by line into `.<name>.<pid>.<n>.tmp` beside the target, renamed over it on
 * `commit()`. The first error is kept (later writes are ignored) and thrown by `commit()`.
 */
export class AtomicStream {
	static #counter = 0;
	readonly file: string;
	/** Undefined when the target is written in place (a device or pipe). */
	readonly #temporary: string | undefined;
	readonly #stream: Writable;
	#error: Error | undefined;

	constructor(file: string) {
		this.file = file;
		this.#temporary = writesInPlace(file) ? undefined : path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${AtomicStream.#counter++}.tmp`);
		this.#stream = isStdout(file) ? process.stdout : createWriteStream(this.#temporary ?? file, {encoding: 'utf8', flags: this.#temporary ? 'w' : 'a'});
		this.#stream.on('error', error => {
			this.#error ??= error;
		});
	}

	write(text: string): void {
		if (!this.#error) {
			this.#stream.write(text);
		}
	}

	async #end(): Promise<void> {
		if (this.#stream === process.stdout) {
			// Never ended: the summary or other output may still follow.
			await writeToStdout('');
			return;
		}

		if (this.#stream.closed) {
			return;
		}

		await new Promise<void>(resolve => {
			this.#stream.end(() => {
				resolve();
			});
			this.#stream.once('error', () => {
				resolve();
			});
			this.#stream.once('close', () => {
				resolve();
			});
		});
	}

	/** Finish the file and move it into place; throws the first write error. */
	async commit(): Promise<void> {
		await this.#end();
		const temporary = this.#temporary;
		if (this.#error) {
			if (temporary) {
				await rm(temporary, {force: true});
			}

			throw this.#error;
		}

		if (!temporary) {
			return;
		}

		try {
			await rename(temporary, this.file);
		} catch (error) {
			await rm(temporary, {force: true});
			throw error;
		}
	}

	/** Drop the temporary file. */
	async discard(): Promise<void> {
		await this.#end();
		if (this.#temporary) {
			await rm(this.#temporary, {force: true});
		}
	}
}
