// Metrics a Lambda publishes together under one dimension, declared once by the code that emits them:
// each metric's name and unit, the dimension and the values it takes. The emitter writes lines through
// it (so a unit cannot differ from one line to the next, and a name or a dimension value the family does
// not declare does not type-check); infra's alarms and graphs read the same names and dimension.
import { emfLine } from './emf-line.js';
import type { EmfUnit } from './emf-unit.js';

export interface MetricFamilyDeclaration<Name extends string, Value extends string> {
  /** The one dimension every line of the family carries. */
  readonly dimension: string;
  readonly values: readonly Value[];
  /** Every metric of the family with its unit. */
  readonly units: Readonly<Record<Name, EmfUnit>>;
}

export interface FamilyLine<Name extends string, Value extends string> {
  readonly namespace: string;
  /** The dimension's value on this line. */
  readonly dimensionValue: Value;
  /** The values this line publishes; a metric absent or undefined is not on the line. */
  readonly metrics: Readonly<Partial<Record<Name, number | undefined>>>;
  readonly at: Date;
  /** Extra members (level, message) that make the same line a readable log. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface MetricFamily<Name extends string, Value extends string> extends MetricFamilyDeclaration<Name, Value> {
  /** The dimension map of a line (and of an alarm's metric) with this value: `{ [dimension]: value }`. */
  dimensionsOf(value: Value): Readonly<Record<string, string>>;
  /** One EMF line of the family (emf-line.ts), in the order `metrics` lists them. */
  line(line: FamilyLine<Name, Value>): string;
}

/** The names of a family's metrics, e.g. for an alarm's `metricName`. */
export type MetricName<F> = F extends MetricFamily<infer Name, string> ? Name : never;

/** The units of a family whose metrics are all counts: `counts('A', 'B')` is `{ A: 'Count', B: 'Count' }`. */
export function counts<const Name extends string>(...names: Name[]): Readonly<Record<Name, 'Count'>> {
  return Object.fromEntries(names.map((name) => [name, 'Count'])) as Record<Name, 'Count'>;
}

export function metricFamily<const Name extends string, const Value extends string>(
  declaration: MetricFamilyDeclaration<Name, Value>,
): MetricFamily<Name, Value> {
  const { dimension, values, units } = declaration;
  // Untyped callers (JSON, a cast) could name a metric the family lacks: its line would carry no unit.
  const unitOf = (name: string): EmfUnit => {
    if (!Object.hasOwn(units, name)) throw new Error(`metric ${name} is not declared in the ${dimension} metric family`);
    return units[name as Name];
  };
  const dimensionsOf = (value: Value) => ({ [dimension]: value });
  return Object.freeze({
    dimension,
    values,
    units,
    dimensionsOf,
    line: ({ namespace, dimensionValue, metrics, at, fields }: FamilyLine<Name, Value>) => emfLine({
      namespace,
      dimensions: dimensionsOf(dimensionValue),
      metrics: Object.fromEntries(
        (Object.entries(metrics) as Array<[Name, number | undefined]>)
          .filter((entry): entry is [Name, number] => entry[1] !== undefined)
          .map(([name, value]) => [name, { value, unit: unitOf(name) }]),
      ),
      at,
      ...(fields ? { fields } : {}),
    }),
  });
}
