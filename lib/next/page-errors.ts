import { forbidden, notFound } from "next/navigation";
import { DomainError } from "@/lib/model/errors";

/**
 * A page's read through a service: a refusal becomes the page Next renders for it — "forbidden"
 * the route's 403 page (forbidden.tsx says why), "not_found" the 404 page. Anything else is a bug.
 */
export async function forPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError && error.code === "forbidden") forbidden();
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  }
}

/** A read a page can do without: undefined when the row is gone ("not_found"); anything else still throws. */
export async function unlessMissing<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return undefined;
    throw error;
  }
}
