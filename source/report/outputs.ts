/**
 * Everything a run writes besides the summary: --json, --csv, --hdr-log, --save-session and
 * --metrics-port.
 * `startOutputs` is called once the engine runs (the HDR log and the metrics endpoint listen to
 * intervals); `finish` writes the files at the end, whatever ended the run (duration, stop,
 * interrupt, abort, failed threshold). A failed write is one line on stderr and makes an
 * otherwise successful run exit 1; it never loses the summary.
 */
import type {OutputPlan} from '../engine/plan.js';
import type {RunHandle, RunResult} from '../engine/run-handle.js';
import {exitCodes} from '../errors.js';
import {describeWriteError, writeAtomic} from './atomic-write.js';
import {formatCsv} from './csv.js';
import {HdrLogRecorder} from './hdr-log.js';
import {serializeReport} from './json.js';
import {startMetricsServer, type MetricsServer} from './prometheus.js';
import {formatSessionProfile, sessionProfile} from './session-profile.js';

type Io = {readonly stderr: NodeJS.WritableStream};

export type Outputs = {
	/** Write the reports and close the endpoint. Resolves to false when any output failed. */
	finish(result: RunResult): Promise<boolean>;
};

/** The run's own exit code, or 1 instead of 0 when an output failed. */
export function exitCodeWithOutputs(code: number, outputsOk: boolean): number {
	return outputsOk || code !== exitCodes.ok ? code : exitCodes.runtime;
}

export function startOutputs(handle: RunHandle, output: OutputPlan, io: Io): Outputs {
	let ok = true;
	const fail = (what: string, error: unknown) => {
		ok = false;
		io.stderr.write(`loadscope: could not ${what}: ${describeWriteError(error)}\n`);
	};

	const hdrLog = output.hdrLog === undefined ? undefined : new HdrLogRecorder(handle, output.hdrLog, `Logged with loadscope: ${handle.plan.name}, values in microseconds`);
	const metrics: Promise<MetricsServer | undefined> =
		output.metricsPort === undefined
			? Promise.resolve(undefined)
			: startMetricsServer(handle, output.metricsPort).then(
					server => {
						io.stderr.write(`loadscope: metrics on http://127.0.0.1:${server.port}/metrics\n`);
						return server;
					},
					(error: unknown) => {
						fail(`serve --metrics-port ${output.metricsPort}`, error);
						return undefined;
					},
				);

	const write = async (flag: string, file: string | undefined, text: () => string) => {
		if (file !== undefined) {
			try {
				await writeAtomic(file, text());
			} catch (error) {
				fail(`write ${flag} ${file}`, error);
			}
		}
	};

	return {
		async finish(result) {
			await (await metrics)?.close();
			await write('--json', output.json, () => serializeReport(result));
			await write('--csv', output.csv, () => formatCsv(result.final.series));
			await write('--save-session', output.saveSession, () => formatSessionProfile(sessionProfile(result.plan, result, output.invocation)));
			if (hdrLog) {
				try {
					await hdrLog.finish();
				} catch (error) {
					fail(`write --hdr-log ${hdrLog.file}`, error);
				}
			}

			return ok;
		},
	};
}
