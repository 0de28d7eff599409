/**
 * Reports appear whole or not at all: each is written to a temporary file in the same directory
 * and renamed over the target. Whole files go through write-file-atomic (npm's own, with fsync);
 * the HDR log streams into its temporary file during the run, so memory stays bounded.
 */
import {createWriteStream, type WriteStream} from 'node:fs';
import {rename, rm} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import writeFileAtomic from 'write-file-atomic';

export async function writeAtomic(file: string, data: string): Promise<void> {
	await writeFileAtomic(file, data, {encoding: 'utf8'});
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
	readonly #temporary: string;
	readonly #stream: WriteStream;
	#error: Error | undefined;

	constructor(file: string) {
		this.file = file;
		this.#temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${AtomicStream.#counter++}.tmp`);
		this.#stream = createWriteStream(this.#temporary, {encoding: 'utf8'});
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
		if (this.#error) {
			await rm(this.#temporary, {force: true});
			throw this.#error;
		}

		try {
			await rename(this.#temporary, this.file);
		} catch (error) {
			await rm(this.#temporary, {force: true});
			throw error;
		}
	}

	/** Drop the temporary file. */
	async discard(): Promise<void> {
		await this.#end();
		await rm(this.#temporary, {force: true});
	}
}
