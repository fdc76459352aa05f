import { describeDetails } from '../lib/stage-details.js';

/** A stage's recorded details as a definition list, for people. */
export function StageDetails({ details }: { details: Record<string, unknown> }) {
  const lines = describeDetails(details);
  if (lines.length === 0) {
    return null;
  }
  return (
    <dl className="details">
      {lines.map((line) => (
        <div key={line.label}>
          <dt>{line.label}</dt>
          <dd>{line.value}</dd>
        </div>
      ))}
    </dl>
  );
}
