"use client";

import { focusMainContent, MAIN_CONTENT_ID } from "@/components/ui/focus-return";
import styles from "./skip-link.module.css";

export { MAIN_CONTENT_ID };
/** For the layout's <main id={MAIN_CONTENT_ID} tabIndex={-1}>. */
export const mainClassName: string = styles.main ?? "";

/** "Skip to content": the first thing Tab reaches; it moves focus past the header to the page. */
export function SkipLink() {
  return (
    <a
      href={`#${MAIN_CONTENT_ID}`}
      className={styles.skipLink}
      onClick={(event) => {
        // Focus, not only scroll: the next Tab continues inside the page.
        event.preventDefault();
        focusMainContent();
      }}
    >
      Skip to content
    </a>
  );
}
