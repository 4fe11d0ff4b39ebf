/**
 * The `Prefer` request header: return=representation, odata.maxpagesize=N, odata.track-changes,
 * odata.continue-on-error and odata.include-annotations="...". Unknown or malformed preferences are
 * ignored, as HTTP prescribes.
 */
import { splitOutside, withoutBlanks } from './split';

export type AnnotationFilter = (term: string) => boolean;

export interface Preferences {
  returnRepresentation: boolean;
  maxPageSize?: number;
  trackChanges: boolean;
  continueOnError: boolean;
  /** The include-annotations value as sent (for Preference-Applied), or undefined. */
  annotationsValue?: string;
  includeAnnotation: AnnotationFilter;
}

export function parsePrefer(header: string | undefined): Preferences {
  const preferences: Preferences = {
    returnRepresentation: false,
    trackChanges: false,
    continueOnError: false,
    includeAnnotation: () => false,
  };
  // Commas inside double quotes do not separate preferences (`a, b="x,y"` is 2 items).
  for (const item of withoutBlanks(splitOutside(header ?? '', ',', '"'))) {
    const eq = item.indexOf('=');
    const name = (eq === -1 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq === -1 ? '' : unquote(item.slice(eq + 1).trim());
    if (name === 'return' && value === 'representation') preferences.returnRepresentation = true;
    else if (name === 'odata.track-changes') preferences.trackChanges = true;
    else if (name === 'odata.continue-on-error') preferences.continueOnError = true;
    else if (name === 'odata.maxpagesize' && /^\d+$/.test(value) && Number(value) > 0) {
      preferences.maxPageSize = Number(value);
    } else if (name === 'odata.include-annotations' && value !== '') {
      preferences.annotationsValue = value;
      preferences.includeAnnotation = annotationFilter(value);
    }
  }
  return preferences;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
}

/** `*`, exact terms, `Namespace.*` wildcards, and `-term` exclusions (OData include-annotations). */
function annotationFilter(value: string): AnnotationFilter {
  const patterns = value.split(',').map((p) => p.trim());
  const matches = (pattern: string, term: string) =>
    pattern === '*' || pattern === term || (pattern.endsWith('.*') && term.startsWith(pattern.slice(0, -1)));
  const included = patterns.filter((p) => !p.startsWith('-'));
  const excluded = patterns.filter((p) => p.startsWith('-')).map((p) => p.slice(1));
  return (term) => included.some((p) => matches(p, term)) && !excluded.some((p) => matches(p, term));
}
