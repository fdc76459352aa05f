import { useEffect, useState } from 'react';

import { DRAIN_RUN_KINDS, DRAIN_RUN_OUTCOMES } from '@drainboard/contracts';

import { isInstanceId, type RunFilters } from '../lib/run-filters.js';

interface RunFiltersBarProps {
  /** Instance ids seen so far: suggestions only, any instance id can be typed. */
  instances: readonly string[];
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

/**
 * The instance filter: a text field suggesting the instances seen so far. It applies when emptied, when a
 * suggestion is picked, on Enter and when the field is left; a value that is no instance id is not sent and says so.
 */
function InstanceFilter(props: {
  value: string | null;
  suggestions: readonly string[];
  onChange(value: string | null): void;
}) {
  const [draft, setDraft] = useState(props.value ?? '');
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setDraft(props.value ?? '');
    setInvalid(false);
  }, [props.value]);
  const apply = (text: string) => {
    const value = text.trim();
    if (value !== '' && !isInstanceId(value)) {
      return setInvalid(true);
    }
    setInvalid(false);
    if (value !== (props.value ?? '')) {
      props.onChange(value === '' ? null : value);
    }
  };
  return (
    <div className="filter">
      <label htmlFor="filter-instance">Instance</label>
      <input
        id="filter-instance"
        type="search"
        list="filter-instance-options"
        placeholder="any"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'filter-instance-error' : undefined}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          if (text === '' || props.suggestions.includes(text)) {
            apply(text);
          }
        }}
        onKeyDown={(event) => event.key === 'Enter' && apply(draft)}
        onBlur={() => apply(draft)}
      />
      <datalist id="filter-instance-options">
        {props.suggestions.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      {invalid && (
        <span id="filter-instance-error" className="error">
          Not an instance id (letters, digits, _ . : - only, up to 128)
        </span>
      )}
    </div>
  );
}

/** Filters of the run list (kind, outcome, instance), applied by the API to the whole history. */
export function RunFiltersBar({ instances, filters, onChange }: RunFiltersBarProps) {
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
      <InstanceFilter
        value={filters.instanceId}
        suggestions={instances}
        onChange={(instanceId) => onChange({ ...filters, instanceId })}
      />
    </div>
  );
}
