import bcrypt from "bcryptjs";

export const PASSWORD_MIN_LENGTH = 12;
/** bcrypt reads only the first 72 bytes; longer passwords are refused rather than silently truncated. */
export const PASSWORD_MAX_BYTES = 72;

function cost(): number {
  const fromEnv = Number(process.env.BCRYPT_COST);
  // Tests lower the cost through BCRYPT_COST; production never goes under 12.
  return Number.isInteger(fromEnv) && fromEnv >= 4 && fromEnv <= 15 ? fromEnv : 12;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, cost());
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (Buffer.byteLength(password, "utf8") > PASSWORD_MAX_BYTES) return Promise.resolve(false);
  return bcrypt.compare(password, hash);
}

// Compared against when the username does not exist, so both paths take the same time.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= bcrypt.hash("keyward-dummy-password", cost());
  await verifyPassword(password, await dummyHash);
}
