import {
  FormControlDescription,
  FormControlError,
  FormGroup,
  Input,
  type InputProps,
} from '@bigcommerce/big-design';
import { useId, type ReactNode } from 'react';

interface TextFieldProps extends Omit<InputProps, 'label' | 'description' | 'error' | 'chips'> {
  label: string;
  /** Help under the label: where to find the value. */
  description?: ReactNode;
  /** Shown under the input; also marks the input invalid. */
  error?: string;
}

/**
 * A BigDesign Input in its own form group, with its help text and error tied to the input by
 * aria-describedby (BigDesign shows them but does not link them), so both are read with the field.
 */
export function TextField({ label, description, error, ...inputProps }: TextFieldProps) {
  const descriptionId = useId();
  const errorId = useId();
  const describedBy = [description ? descriptionId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <FormGroup>
      <Input
        {...inputProps}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
        description={
          description ? (
            <FormControlDescription id={descriptionId}>{description}</FormControlDescription>
          ) : undefined
        }
        error={error ? <FormControlError id={errorId}>{error}</FormControlError> : undefined}
        label={label}
      />
    </FormGroup>
  );
}
