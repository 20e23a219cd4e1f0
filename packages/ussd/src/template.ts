export type Params = Readonly<Record<string, string | number>>;

/**
 * Fills `{name}` placeholders. A placeholder with no value is left visible, so a missing
 * parameter shows up in tests and in the studio instead of silently printing nothing.
 */
export function fillTemplate(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : String(value);
  });
}

/** The placeholder names a template uses, for checks that every parameter is supplied. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
