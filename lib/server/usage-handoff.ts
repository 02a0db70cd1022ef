import { recordApiUsage } from "@/db/queries/verification";
import type { HostMessage, WorkerMessage } from "./host";

/**
 * The worker's side of `NextHost.writeUsage`: commits a batch of API usage the main thread handed
 * over, on the worker's own connection, and answers how it went.
 */
export async function commitHandedUsage(message: Extract<HostMessage, { type: "usage" }>): Promise<WorkerMessage> {
  try {
    await recordApiUsage(message.batch);
    return { type: "usage-written", id: message.id };
  } catch (error) {
    return { type: "usage-failed", id: message.id, message: error instanceof Error ? error.message : "unknown error" };
  }
}
