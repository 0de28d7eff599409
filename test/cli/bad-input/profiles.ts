/** Bad input for load shapes, thresholds and profile files. */
import type {BadInputRow} from '../bad-input.test.js';

export const rows: BadInputRow[] = [
	{what: 'threshold that does not parse', args: ['synthetic', '-d', '1s', '--threshold', 'p99<fast'], error: /threshold 'p99<fast': bad value 'fast'; use /},
	{what: 'threshold with an unknown metric', args: ['synthetic', '-d', '1s', '--threshold', 'latency<5ms'], error: /threshold 'latency<5ms': unknown metric 'latency'/},
];

async function profileFile(text: string): Promise<{args: string[]; cleanup: () => void}> {
	const {mkdtempSync, writeFileSync, rmSync} = await import('node:fs');
	const {tmpdir} = await import('node:os');
	const {join} = await import('node:path');
	const dir = mkdtempSync(join(tmpdir(), 'loadscope-profile-'));
	const file = join(dir, 'x.yaml');
	writeFileSync(file, text);
	return {args: ['run', file], cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

rows.push(
	{what: 'profile with bad YAML', args: [], setup: async () => profileFile('workload: synthetic\nload: {shape: [\n'), error: /x\.yaml:\d+: not valid YAML/},
	{what: 'profile with an unknown shape', args: [], setup: async () => profileFile('workload: synthetic\nload: {shape: zigzag}\n'), error: /x\.yaml:2: load\.shape: unknown load shape 'zigzag'/},
	{what: 'profile with an unknown field', args: [], setup: async () => profileFile('workload: synthetic\nwrkload: x\n'), error: /x\.yaml:2: wrkload: unknown field/},
	{what: 'profile with a negative rate', args: [], setup: async () => profileFile('workload: synthetic\nload:\n  shape: soak\n  rate: -5\n'), error: /x\.yaml:4: load\.rate: rate must not be negative/},
	{what: 'profile with unordered step levels', args: [], setup: async () => profileFile('workload: synthetic\nload: {shape: step, start: 100, step: 10, step-duration: 1s, end: 50}\n'), error: /x\.yaml:2: load\.end: 50 is below load\.start 100/},
	{what: 'profile threshold that does not parse', args: [], setup: async () => profileFile("workload: synthetic\nthresholds:\n  - 'p99<50ms'\n  - 'p99<soon'\n"), error: /x\.yaml:4: thresholds\[1\]: threshold 'p99<soon'/},
	{what: 'profile with an unknown option', args: [], setup: async () => profileFile('workload: synthetic\noptions:\n  latency: 5ms\n  latncy: 3ms\n'), error: /x\.yaml:4: options\.latncy: unknown option for 'synthetic'/},
	{what: 'profile naming an unknown workload', args: [], setup: async () => profileFile('workload: bogus\n'), error: /x\.yaml:1: workload: unknown command 'bogus'/},
);

rows.push(
	{what: 'knee profile without a step duration', args: [], setup: async () => profileFile('workload: synthetic\nload: {shape: knee, start: 100}\n'), error: /x\.yaml:2: load\.step-duration: missing; the 'knee' shape needs step-duration/},
	{what: 'knee profile with a factor of 1', args: [], setup: async () => profileFile('workload: synthetic\nload:\n  shape: knee\n  start: 100\n  step-duration: 5s\n  factor: 1\n'), error: /x\.yaml:6: load\.factor: must be a number above 1/},
	{what: 'knee profile with max-rate below start', args: [], setup: async () => profileFile('workload: synthetic\nload:\n  shape: knee\n  start: 100\n  step-duration: 5s\n  max-rate: 50\n'), error: /x\.yaml:6: load\.max-rate: 50 is below load\.start 100/},
	{what: '--save-session into a missing directory', args: ['synthetic', '--save-session', '/no/such/dir/s.yaml'], error: /--save-session '\/no\/such\/dir\/s\.yaml': cannot write to \/no\/such\/dir/},
	{
		what: 'saved timeline with points out of order',
		args: [],
		setup: async () => profileFile('workload: synthetic\nload:\n  shape: timeline\n  duration: 5s\n  points:\n    - {at: 0s, rate: 5}\n    - {at: 0s, rate: 6}\n'),
		error: /x\.yaml:5: load\.points\[1\]\.at: 0s does not come after the previous point/,
	},
);
