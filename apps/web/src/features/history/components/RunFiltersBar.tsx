import { DRAIN_RUN_KINDS, DRAIN_RUN_OUTCOMES, type DrainRun } from '@drainboard/contracts';
import { choices, type RunFilters } from '../lib/run-filters.js';

interface RunFiltersBarProps {
  runs: DrainRun[];
  filters: RunFilters;
  onChange(filters: RunFilters): void;
}

function Select<T extends string>(props: {
  id: string;
  label: string;
  value: T | null;
  options: readonly T[];
  onChange(value: T | null): void;
}) {
  return (
    <div className="filter">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value === '' ? null : (event.target.value as T))}
      >
        <option value="">any</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Filters of the run list: kind, outcome and instance (the instances among the loaded runs). */
export function RunFiltersBar({ runs, filters, onChange }: RunFiltersBarProps) {
  return (
    <div className="filters" role="group" aria-label="Filter runs">
      <Select
        id="filter-kind"
        label="Kind"
        value={filters.kind}
        options={DRAIN_RUN_KINDS}
        onChange={(kind) => onChange({ ...filters, kind })}
      />
      <Select
        id="filter-outcome"
        label="Outcome"
        value={filters.outcome}
        options={DRAIN_RUN_OUTCOMES}
        onChange={(outcome) => onChange({ ...filters, outcome })}
      />
      <Select
        id="filter-instance"
        label="Instance"
        value={filters.instanceId}
        options={choices(runs, 'instanceId')}
        onChange={(instanceId) => onChange({ ...filters, instanceId })}
      />
    </div>
  );
}
