"use client";

import { useContext, useId, useState } from "react";
import { Field } from "@/components/ui/field";
import type { AccessKey } from "@/lib/model/access-keys";
import { formatDate, formatRelative } from "@/lib/model/format";
import {
  choiceForTypedDate,
  dateForChoice,
  describeExpiry,
  type ExpiryChoice,
  expiryPresets,
  initialExpiryChoice,
  offersNoExpiry,
  todayInput,
} from "./expiry-policy";
import styles from "./key-expiry.module.css";
import { KeyGridContext } from "./key-grid-context";
import type { ExpiryPolicy } from "./types";

const DAY = 86_400_000;

/** Whether a key (not revoked, not yet expired) expires within `windowDays` of `now`. */
export function expiresSoon(key: Pick<AccessKey, "expiresAt" | "status">, now: number, windowDays: number | null) {
  if (!key.expiresAt || key.status === "revoked" || windowDays === null) return false;
  const left = key.expiresAt.getTime() - now;
  return left > 0 && left <= windowDays * DAY;
}

/** "2026-12-01 (in 6 days)", highlighted within the first reminder window; relative to the page's `now`. */
export function KeyExpiry({ accessKey }: { accessKey: AccessKey }) {
  const { now, reminderWindowDays } = useContext(KeyGridContext);
  if (!accessKey.expiresAt) return "Never";
  const at = accessKey.expiresAt.getTime();
  const relative = formatRelative(at, now);
  const soon = expiresSoon(accessKey, now, reminderWindowDays);
  return (
    <span className={soon ? styles.soon : undefined} data-expires-soon={soon ? "" : undefined}>
      <span className={styles.date}>{formatDate(at)}</span>{" "}
      <span className={styles.relative}>({at <= now ? `expired ${relative}` : relative})</span>
      {soon && <span className="visually-hidden">, within the {reminderWindowDays}-day reminder window</span>}
    </span>
  );
}

type FieldProps = {
  policy: ExpiryPolicy;
  /** The date field's value when the dialog opens (yyyy-mm-dd, or empty). */
  defaultValue: string;
  /** The choice shown when it opens; absent: the one `defaultValue` stands for. */
  defaultChoice?: ExpiryChoice;
  /** Editing: the key's current expiry (yyyy-mm-dd, empty for none); absent when creating. */
  current?: string;
  errors?: string[];
  hint: string;
};

const CHOICE_LABELS: Record<"custom" | "never", string> = { custom: "Custom date", never: "No expiration" };

/**
 * The key dialogs' expiry: "Expires in" presets (7–90 days, none beyond the policy's maximum), a
 * custom date, and no expiration where allowed, with the date they come to. The "Expiration date"
 * field stays the one the form posts: a preset fills it, typing in it picks "Custom date".
 */
export function KeyExpiryField({ policy, defaultValue, defaultChoice, current, errors, hint }: FieldProps) {
  const id = useId();
  const [today] = useState(() => todayInput());
  const [value, setValue] = useState(defaultValue);
  const [choice, setChoice] = useState<ExpiryChoice>(
    () => defaultChoice ?? initialExpiryChoice(policy, defaultValue, today, current),
  );
  const options: { choice: ExpiryChoice; label: string }[] = [
    ...expiryPresets(policy).map((days) => ({ choice: `${days}` as ExpiryChoice, label: `${days} days` })),
    { choice: "custom", label: CHOICE_LABELS.custom },
    ...(offersNoExpiry(policy, current) ? [{ choice: "never" as const, label: CHOICE_LABELS.never }] : []),
  ];
  const outcome = describeExpiry(value, policy, current);

  function pick(next: ExpiryChoice) {
    setChoice(next);
    setValue(dateForChoice(next, value, policy, today));
  }

  return (
    <div className={styles.expiry}>
      <fieldset className={styles.choices} aria-describedby={`${id}-outcome`}>
        <legend>Expires in</legend>
        <div className={styles.options}>
          {options.map((option) => (
            <label key={option.choice} className={styles.option}>
              <input
                type="radio"
                name="expiryChoice"
                value={option.choice}
                checked={choice === option.choice}
                onChange={() => pick(option.choice)}
              />
              {option.label}
            </label>
          ))}
        </div>
        <p id={`${id}-outcome`} className={styles.outcome} aria-live="polite">
          {outcome}
        </p>
      </fieldset>
      <Field
        label="Expiration date"
        name="expiresAt"
        type="date"
        min={today}
        max={policy.latest ?? undefined}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setChoice(choiceForTypedDate(event.target.value, policy, current));
        }}
        errors={errors}
        hint={hint}
      />
    </div>
  );
}
