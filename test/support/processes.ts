import { spawn } from "node:child_process";

export type ChildRun = { code: number | null; stdout: string; stderr: string };

/**
 * Runs one child process per env (`node --import tsx <script>`), waits until every child has printed
 * "ready" (its database is open), then releases them all at once with "go" on stdin — the start
 * barrier the multi-process tests need. Children still running when this fails are killed.
 */
export async function runReleasedTogether(
  script: string,
  envs: Record<string, string>[],
): Promise<{ runs: ChildRun[]; seconds: number }> {
  const children = envs.map((env) =>
    spawn(process.execPath, ["--import", "tsx", script], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    }),
  );
  const runs: ChildRun[] = children.map(() => ({ code: null, stdout: "", stderr: "" }));
  try {
    const exits = children.map((child, i) => {
      const run = runs[i] as ChildRun;
      child.stdout.on("data", (d: Buffer) => {
        run.stdout += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        run.stderr += d.toString();
      });
      return new Promise<void>((resolve) =>
        child.once("exit", (code) => {
          run.code = code;
          resolve();
        }),
      );
    });
    await Promise.all(
      children.map(
        (child, i) =>
          new Promise<void>((resolve, reject) => {
            const run = runs[i] as ChildRun;
            const check = () => (run.stdout.includes("ready\n") ? resolve() : undefined);
            child.stdout.on("data", check);
            check();
            child.once("exit", (code) => reject(new Error(`child exited early (${code}): ${run.stderr}`)));
          }),
      ),
    );
    const started = performance.now();
    for (const child of children) child.stdin.end("go\n");
    await Promise.all(exits);
    return { runs, seconds: (performance.now() - started) / 1000 };
  } finally {
    for (const child of children) if (child.exitCode === null && child.pid) child.kill();
  }
}

/** The JSON report a child printed last. */
export function lastReport<T>(run: ChildRun): T {
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as T;
}
