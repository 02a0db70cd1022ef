import type { ButtonHTMLAttributes } from "react";
import styles from "./button.module.css";

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "default" | "primary" | "danger";
  size?: "normal" | "small";
  /** Shows the button as busy and inert while an action runs. */
  pending?: boolean;
};

export function Button({
  variant = "default",
  size = "normal",
  pending,
  className,
  children,
  disabled,
  onClick,
  ...rest
}: Props) {
  const classes = [
    "btn",
    variant !== "default" && `btn-${variant}`,
    size === "small" && "btn-small",
    pending && styles.busy,
    className,
  ];
  return (
    <button
      type="button"
      {...rest}
      className={classes.filter(Boolean).join(" ")}
      // Busy is aria-disabled, not disabled: a disabled button drops the focus it has to <body>.
      disabled={disabled}
      aria-disabled={pending || undefined}
      aria-busy={pending || undefined}
      // A busy submit button's click is cancelled too, so the form is not sent twice.
      onClick={pending ? (event) => event.preventDefault() : onClick}
    >
      {children}
    </button>
  );
}
