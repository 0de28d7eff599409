/**
 * A real terminal for tests: a tmux server on a private socket (no user config), one detached
 * session of a fixed size running a shell command. The pane stays after its command exits
 * (remain-on-exit), so what the command printed last and its exit status can still be read.
 */
import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);

export const tmuxPath = 'tmux';

/** The built CLI, as `loadscope` runs it. */
export const cliPath = fileURLToPath(new URL('../../source/cli.js', import.meta.url));

export function hasTmux(): boolean {
	try {
		execFileSync(tmuxPath, ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

/** Quotes one word for `sh -c`. */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * What the pane's shell does once loadscope has exited: prints `EXIT=<code>`, then the terminal's
 * line discipline (`TTY: icanon echo …`, a leading `-` when a mode is off), then waits for a line
 * of input and echoes it back (`GOT=…`). The pane stays alive meanwhile, so its cursor state can
 * be read, and typing into it shows whether the terminal is back in cooked mode.
 */
export const afterExit = [
	'echo EXIT=$?',
	String.raw`echo "TTY: $(stty -a | grep -oE -- '-?(icanon|echo|isig|icrnl)\b' | tr '\n' ' ')"`,
	"printf 'TYPE> '",
	'read line',
	'echo "GOT=$line"',
].join('; ');

/** The pane's command line for a loadscope run: the TUI is on (CI unset, production React). */
export function loadscopeCommand(args: readonly string[], options: {nodeArgs?: readonly string[]; stderrFile?: string} = {}): string {
	const node = [process.execPath, ...(options.nodeArgs ?? []), cliPath, ...args].map(word => shellQuote(word)).join(' ');
	const stderr = options.stderrFile ? ` 2>${shellQuote(options.stderrFile)}` : '';
	return `env -u CI NODE_ENV=production ${node}${stderr}; ${afterExit}`;
}

export type Waited = {readonly screen: string; readonly lines: readonly string[]};

export class Tmux {
	static async start(options: {columns: number; rows: number; command: string; cwd?: string}): Promise<Tmux> {
		const tmux = new Tmux(`loadscope-test-${process.pid}-${randomBytes(4).toString('hex')}`);
		// One server start: remain-on-exit is set before the command can exit.
		await tmux.tmux(
			'-f', '/dev/null', 'start-server', ';',
			'set-option', '-g', 'remain-on-exit', 'on', ';',
			'set-option', '-g', 'history-limit', '2000', ';',
			'new-session', '-d', '-s', 'main', '-x', String(options.columns), '-y', String(options.rows), ...(options.cwd ? ['-c', options.cwd] : []), options.command,
		);
		return tmux;
	}

	private constructor(readonly socket: string) {}

	async tmux(...args: string[]): Promise<string> {
		const {TMUX: _, ...env} = process.env;
		const {stdout} = await run(tmuxPath, ['-L', this.socket, ...args], {env});
		return stdout;
	}

	/**
	 * The visible screen, one string per row, wrapped lines joined (-J): a line the program wrote
	 * wider than the pane shows here as one line longer than the pane.
	 */
	async capture(): Promise<string[]> {
		const text = await this.tmux('capture-pane', '-p', '-J', '-t', 'main');
		return text.replace(/\n$/, '').split('\n').map(line => line.trimEnd());
	}

	/** Lines scrolled off the top of the screen since the pane started. */
	async historySize(): Promise<number> {
		return Number(await this.display('#{history_size}'));
	}

	async display(format: string): Promise<string> {
		return (await this.tmux('display-message', '-p', '-t', 'main', format)).trim();
	}

	async sendKeys(...keys: string[]): Promise<void> {
		await this.tmux('send-keys', '-t', 'main', ...keys);
	}

	async resize(columns: number, rows: number): Promise<void> {
		await this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
	}

	/** The pid of the command the pane runs (the shell). */
	async panePid(): Promise<number> {
		return Number(await this.display('#{pane_pid}'));
	}

	/** Polls the screen until `check` passes; fails with the last screen after `timeoutMs`. */
	async waitFor(what: string, check: (screen: string, lines: readonly string[]) => boolean, timeoutMs = 10_000): Promise<Waited> {
		const deadline = Date.now() + timeoutMs;
		let lines: string[] = [];
		for (;;) {
			// eslint-disable-next-line no-await-in-loop
			lines = await this.capture();
			const screen = lines.join('\n');
			if (check(screen, lines)) {
				return {screen, lines};
			}

			if (Date.now() > deadline) {
				throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${screen}`);
			}

			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 100);
			});
		}
	}

	/**
	 * Waits for loadscope to exit (see afterExit) and checks the terminal is usable again: cursor
	 * shown, canonical mode with echo, and typed text echoed and read as a line. Returns the exit
	 * code and the whole pane history.
	 */
	async expectRestored(timeoutMs = 15_000): Promise<{code: number; history: string}> {
		const exited = await this.waitFor('loadscope to exit', screen => /^TYPE>/m.test(screen), timeoutMs);
		const code = Number(/^EXIT=(\d+)$/m.exec(exited.screen)?.[1]);
		assert.equal(await this.display('#{cursor_flag}'), '1', `the cursor is shown again:\n${exited.screen}`);
		const modes = /^TTY: (.*)$/m.exec(exited.screen)?.[1]?.trim().split(/\s+/) ?? [];
		assert.deepEqual([...modes].sort(), ['echo', 'icanon', 'icrnl', 'isig'], `raw mode is off (stty -a):\n${exited.screen}`);
		await this.sendKeys('-l', 'typed back');
		await this.sendKeys('Enter');
		await this.waitFor('the typed line echoed and read', screen => /^TYPE> typed back$/m.test(screen) && /^GOT=typed back$/m.test(screen), 5000);
		const history = await this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
		return {code, history};
	}

	async kill(): Promise<void> {
		try {
			await this.tmux('kill-server');
		} catch {
			// Already gone.
		}
	}
}
