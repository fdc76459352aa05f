import type { DrainPreview, EstimateSource } from '@drainboard/contracts';

/** Short words for a route estimate's source (table cells). */
export const SOURCE_LABELS: Record<EstimateSource, string> = {
  live: 'live',
  history: 'history',
  blended: 'history + live',
};

/** Where an estimate came from, as the end of a sentence ("estimate from …"). */
export const SOURCE_PHRASES: Record<EstimateSource, string> = {
  live: 'this process’s finished requests',
  history: 'durations stored by earlier processes',
  blended: 'this process’s finished requests and stored durations',
};

/**
 * One sentence on what the estimates rest on: how many routes are estimated from each source, and whether the
 * stored durations could be loaded at boot. Null when there is nothing to say (no route, history loaded).
 */
export function estimatesNote(preview: Pick<DrainPreview, 'routes' | 'history'>): string | null {
  if (preview.history.status === 'unavailable') {
    return 'Stored route durations could not be loaded at boot: estimates come from this process only.';
  }
  if (preview.routes.length === 0) {
    return preview.history.status === 'loaded'
      ? 'No route duration known yet (none stored, none finished here): requests in flight have no estimate.'
      : null;
  }
  const counts: Record<EstimateSource, number> = { live: 0, history: 0, blended: 0 };
  for (const route of preview.routes) {
    counts[route.source] += 1;
  }
  const parts = [
    counts.live > 0 ? `${counts.live} from this process` : null,
    counts.history > 0 ? `${counts.history} from stored history` : null,
    counts.blended > 0 ? `${counts.blended} from both` : null,
  ].filter((part): part is string => part !== null);
  const routes = preview.routes.length === 1 ? 'route' : 'routes';
  return `Estimates for ${preview.routes.length} ${routes}: ${parts.join(', ')}.`;
}
