import { type ChildProcess, spawn } from "node:child_process";

const FIXTURE = "test/children/api-server.ts";

/** An API server in its own OS process (test/children/api-server.ts), on the test's database. */
export type ChildServer = {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything it printed on stdout and stderr so far. */
  output: () => { stdout: string; stderr: string };
  /** SIGTERM (flushes usage, closes the database), then waits for the exit. */
  stop: () => Promise<void>;
  /** SIGKILL, as a crash, then waits for the exit. */
  kill: () => Promise<void>;
};

const running = new Set<ChildProcess>();

/** Starts the fixture with the test process's environment (DATABASE_PATH, KEY_PEPPER) plus `env`. */
export async function startChildServer(env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => running.delete(child));
  const out = { stdout: "", stderr: "" };
  child.stdout?.on("data", (d: Buffer) => {
    out.stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out.stderr += d.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API server did not start: ${out.stderr}`)), 60_000);
    const check = () => {
      const match = /listening (\d+)/.exec(out.stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the API server exited (${code}): ${out.stderr}`));
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    child,
    output: () => ({ ...out }),
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };
}

/** Kills every child server still running (afterAll), so a failed test leaves no process behind. */
export function killChildServers(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  running.clear();
}
