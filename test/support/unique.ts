import { randomBytes } from "node:crypto";

/** Eight random hex characters, to keep names, e-mails and other unique values apart between tests. */
export const tag = () => randomBytes(4).toString("hex");
