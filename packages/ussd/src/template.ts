export type Params = Readonly<Record<string, string | number>>;

/**
 * Where a template's values come from: a table, or a function that gives the value of a name
 * (so that a value is computed only when the template names it), undefined for none.
 */
export type ParamSource = Params | ((name: string) => string | number | undefined);

/**
 * Fills `{name}` placeholders. A placeholder with no value is left visible, so a missing
 * parameter shows up in tests and in the studio instead of silently printing nothing.
 */
export function fillTemplate(template: string, params: ParamSource): string {
  const lookUp = typeof params === 'function' ? params : (name: string) => params[name];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = lookUp(key);
    return value === undefined ? whole : String(value);
  });
}

/** The placeholder names a template uses, for checks that every parameter is supplied. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
