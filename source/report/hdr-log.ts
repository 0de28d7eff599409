/**
 * --hdr-log FILE: the HdrHistogram interval log (format 1.3), readable by HdrHistogram's
 * HistogramLogProcessor / HdrHistogramVisualizer and hdr-histogram-js's HistogramLogReader.
 * One line per snapshot interval per tag: `<op>` for corrected latency and `<op>.service` for
 * service time, values in microseconds (the Interval_Max column is in ms). Timestamps are
 * seconds since #[BaseTime], the start of the first interval.
 *
 * Lines are encoded as intervals arrive and streamed to a temporary file, renamed at the end.
 */
import hdr from 'hdr-histogram-js';
import type {IntervalHistograms, RunHandle} from '../engine/run-handle.js';
import {createHistogram, type Histogram} from '../metrics/histogram.js';
import {AtomicStream} from './atomic-write.js';

/** Tags may not hold commas or white space (the log is comma separated). */
export function logTag(name: string): string {
	return name.replaceAll(/[\s,]/g, '_');
}

export class HdrLogRecorder {
	readonly #stream: AtomicStream;
	readonly #writer: InstanceType<typeof hdr.HistogramLogWriter>;
	/** Scratch histograms per tag: the engine's interval histograms are read-only. */
	readonly #scratch = new Map<string, Histogram>();
	readonly #header: string;
	#baseMs: number | undefined;
	readonly #unsubscribe: () => void;

	constructor(handle: RunHandle, file: string, header: string) {
		this.#stream = new AtomicStream(file);
		this.#writer = new hdr.HistogramLogWriter(text => {
			this.#stream.write(text);
		});
		this.#header = header;
		this.#unsubscribe = handle.onInterval(interval => {
			this.#record(interval);
		});
	}

	get file(): string {
		return this.#stream.file;
	}

	#scratchFor(tag: string): Histogram {
		let histogram = this.#scratch.get(tag);
		if (!histogram) {
			histogram = createHistogram();
			this.#scratch.set(tag, histogram);
		}

		return histogram;
	}

	#record(interval: IntervalHistograms): void {
		if (this.#baseMs === undefined) {
			this.#baseMs = interval.startEpochMs;
			const seconds = (this.#baseMs / 1000).toFixed(3);
			this.#writer.outputComment(`[${this.#header}]`);
			this.#writer.outputLogFormatVersion();
			this.#writer.outputComment(`[StartTime: ${seconds} (seconds since epoch), ${new Date(this.#baseMs).toISOString()}]`);
			this.#writer.outputComment(`[BaseTime: ${seconds} (seconds since epoch)]`);
			this.#writer.outputLegend();
		}

		const start = (interval.startEpochMs - this.#baseMs) / 1000;
		const end = (interval.endEpochMs - this.#baseMs) / 1000;
		for (const [name, op] of interval.ops) {
			for (const [tag, source] of [
				[logTag(name), op.latency],
				[`${logTag(name)}.service`, op.service],
			] as const) {
				const histogram = this.#scratchFor(tag);
				histogram.reset();
				histogram.add(source);
				histogram.tag = tag;
				this.#writer.outputIntervalHistogram(histogram, start, end, 1000);
			}
		}
	}

	/** Stop listening and move the log into place; throws the first write error. */
	async finish(): Promise<void> {
		this.#unsubscribe();
		await this.#stream.commit();
	}

	async discard(): Promise<void> {
		this.#unsubscribe();
		await this.#stream.discard();
	}
}
