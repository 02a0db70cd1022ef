import { type SelectHTMLAttributes, useId } from "react";
import { FieldErrors } from "./field";

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> & {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  errors?: string[];
};

export function SelectField({ label, name, options, errors, id, ...select }: Props) {
  const autoId = useId();
  const selectId = id ?? `${autoId}-${name}`;
  const errorId = errors?.length ? `${selectId}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select
        id={selectId}
        name={name}
        className="select"
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}
