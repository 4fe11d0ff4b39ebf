import type { DocumentData } from '../document-store';

/**
 * Typed access to the fields of a stored document. A field of the wrong type means the stored data is
 * corrupt or from an incompatible version: every accessor throws rather than guess.
 */
export class DocumentFields {
  constructor(
    private readonly data: DocumentData,
    /** Names the document in error messages, e.g. `jobs/abc`. */
    private readonly label: string,
  ) {}

  string(field: string): string {
    const value = this.data[field];
    if (typeof value !== 'string') throw this.invalid(field, 'a string');
    return value;
  }

  nullableString(field: string): string | null {
    const value = this.data[field];
    if (value === null) return null;
    if (typeof value !== 'string') throw this.invalid(field, 'a string or null');
    return value;
  }

  number(field: string): number {
    const value = this.data[field];
    if (typeof value !== 'number') throw this.invalid(field, 'a number');
    return value;
  }

  boolean(field: string): boolean {
    const value = this.data[field];
    if (typeof value !== 'boolean') throw this.invalid(field, 'a boolean');
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.data[field];
    if (!allowed.includes(value as T)) throw this.invalid(field, `one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** A JSON-encoded plain object (see `toJsonField`). */
  object(field: string): Record<string, unknown> {
    const value = JSON.parse(this.string(field)) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.invalid(field, 'a JSON object');
    }
    return value as Record<string, unknown>;
  }

  /** A JSON-encoded object whose values are all strings. */
  stringRecord(field: string): Record<string, string> {
    const value = this.object(field);
    if (!Object.values(value).every((v) => typeof v === 'string'))
      throw this.invalid(field, 'a map of strings');
    return value as Record<string, string>;
  }

  nullableObject(field: string): Record<string, unknown> | null {
    return this.data[field] === null ? null : this.object(field);
  }

  private invalid(field: string, expected: string): Error {
    return new Error(`Stored document ${this.label} is corrupt: field ${field} is not ${expected}`);
  }
}

/** Nested data is stored as JSON text, so both adapters round-trip it identically. */
export function toJsonField(value: Record<string, unknown>): string {
  return JSON.stringify(value);
}
