/**
 * --metrics-port 0: a real HTTP GET mid-run returns a valid Prometheus text exposition whose
 * counters grow between two scrapes; the endpoint is closed when the run ends.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import {latencyBounds} from '../../source/report/prometheus.js';
import {sleep} from '../helpers/plan.js';
import {startCli} from './live.js';

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*)\})? (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|[+-]Inf|NaN)$/;

/** Checks the text format line by line; returns samples as 'name{labels}' -> value. */
function checkExposition(text: string): Map<string, number> {
	assert.ok(text.endsWith('\n'), 'ends with a newline');
	const samples = new Map<string, number>();
	const typed = new Map<string, string>();
	for (const line of text.trimEnd().split('\n')) {
		if (line.startsWith('# HELP ')) {
			assert.match(line, /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* \S/);
			continue;
		}

		const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
		if (type) {
			assert.ok(!typed.has(type[1]!), `one TYPE line for ${type[1]}`);
			typed.set(type[1]!, type[2]!);
			continue;
		}

		const sample = sampleLine.exec(line);
		assert.ok(sample, `not a sample line: ${line}`);
		const family = sample[1]!.replace(/_(bucket|sum|count)$/, '');
		assert.ok(typed.has(sample[1]!) || typed.get(family) === 'histogram', `sample ${sample[1]} has a TYPE line before it`);
		samples.set(`${sample[1]}{${sample[3] ?? ''}}`, Number(sample[4]!.replace('Inf', 'Infinity')));
	}

	return samples;
}

test('the metrics endpoint serves a valid exposition mid-run and its counters grow', async () => {
	const cli = startCli(['synthetic', '-r', '200', '-d', '5s', '--no-tui', '--workers', '1', '--latency', '2ms', '--error-rate', '10', '--metrics-port', '0']);
	const [, port] = await cli.waitFor(/loadscope: metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics\n/);
	const url = `http://127.0.0.1:${port}/metrics`;
	await sleep(1200);
	const first = await fetch(url);
	assert.equal(first.status, 200);
	assert.match(first.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
	const firstText = await first.text();
	await sleep(1200);
	const secondText = await (await fetch(url)).text();
	assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);

	const a = checkExposition(firstText);
	const b = checkExposition(secondText);
	const ok = 'loadscope_requests_total{op="call",status="ok"}';
	const failed = 'loadscope_requests_total{op="call",status="error"}';
	assert.ok(a.get(ok)! > 0, firstText);
	assert.ok(b.get(ok)! > a.get(ok)!, `ok ${a.get(ok)} -> ${b.get(ok)}`);
	assert.ok(b.get(failed)! > a.get(failed)!, `errors ${a.get(failed)} -> ${b.get(failed)}`);
	assert.ok(b.get('loadscope_dispatched_total{}')! > a.get('loadscope_dispatched_total{}')!);
	assert.equal(b.get('loadscope_up{}'), 1);
	assert.equal(b.get('loadscope_target_rate{}'), 200);
	assert.ok(b.get('loadscope_achieved_rate{}')! > 100, 'achieved rate gauge');

	// Histogram buckets: cumulative, ending in +Inf = _count, which counts completed calls.
	for (const family of ['loadscope_latency_seconds', 'loadscope_service_time_seconds']) {
		let previous = 0;
		for (const bound of latencyBounds) {
			const value = b.get(`${family}_bucket{op="call",le="${bound}"}`)!;
			assert.ok(value >= previous, `${family} le=${bound} is cumulative`);
			previous = value;
		}

		const count = b.get(`${family}_count{op="call"}`)!;
		assert.equal(b.get(`${family}_bucket{op="call",le="+Inf"}`), count);
		assert.ok(previous <= count);
		assert.ok(b.get(`${family}_sum{op="call"}`)! > 0);
		assert.ok(Math.abs(count - (b.get(ok)! + b.get(failed)!)) <= 60, `${family} count ${count} near requests`);
	}

	assert.ok(b.get('loadscope_latency_seconds_bucket{op="call",le="0.001"}')! < b.get('loadscope_latency_seconds_bucket{op="call",le="0.01"}')!, '2 ms calls land between 1 and 10 ms');

	// A Prometheus text parser from npm reads it too.
	const families = parsePrometheusTextFormat(secondText);
	const requests = families.find(family => family.name === 'loadscope_requests_total');
	assert.equal(requests?.type, 'COUNTER');
	assert.equal(Number(requests?.metrics.find(metric => metric.labels?.status === 'ok')?.value), b.get(ok));
	assert.equal(families.find(family => family.name === 'loadscope_latency_seconds')?.type, 'HISTOGRAM');

	const end = await cli.exited;
	assert.equal(end.code, 0, end.stderr);
	await assert.rejects(fetch(url), 'the endpoint is closed after the run');
});
