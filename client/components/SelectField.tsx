import {
  FormControlDescription,
  FormControlError,
  FormGroup,
  Select,
  type SelectOption,
} from '@bigcommerce/big-design';
import { useId, type ReactNode } from 'react';

interface SelectFieldProps<T> {
  label: string;
  options: Array<SelectOption<T>>;
  value: T | undefined;
  onChange: (value: T) => void;
  /** Help under the label. */
  description?: ReactNode;
  /** Shown under the select; also marks it invalid. */
  error?: string;
  disabled?: boolean;
  placeholder?: string;
  required?: boolean;
  name?: string;
}

/**
 * A BigDesign Select in its own form group, with its help text and error tied to the input by
 * aria-describedby (as TextField does), so both are read with the field.
 */
export function SelectField<T>({
  label,
  options,
  value,
  onChange,
  description,
  error,
  disabled,
  placeholder,
  required,
  name,
}: SelectFieldProps<T>) {
  const descriptionId = useId();
  const errorId = useId();
  const describedBy = [description ? descriptionId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <FormGroup>
      <Select<T>
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
        description={
          description ? (
            <FormControlDescription id={descriptionId}>{description}</FormControlDescription>
          ) : undefined
        }
        disabled={disabled}
        error={error ? <FormControlError id={errorId}>{error}</FormControlError> : undefined}
        filterable={options.length > 8}
        label={label}
        maxHeight={260}
        name={name}
        onOptionChange={(next) => {
          if (next !== undefined) onChange(next);
        }}
        options={options}
        placeholder={placeholder}
        required={required}
        value={value}
      />
    </FormGroup>
  );
}
