import type { ButtonHTMLAttributes } from "react";

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "default" | "primary" | "danger";
  size?: "normal" | "small";
  /** Shows the button as busy and disables it while an action runs. */
  pending?: boolean;
};

export function Button({
  variant = "default",
  size = "normal",
  pending,
  className,
  children,
  disabled,
  ...rest
}: Props) {
  const classes = ["btn", variant !== "default" && `btn-${variant}`, size === "small" && "btn-small", className];
  return (
    <button
      type="button"
      {...rest}
      className={classes.filter(Boolean).join(" ")}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
    >
      {children}
    </button>
  );
}
