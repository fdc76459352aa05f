import { sparkline } from '@web/shared/lib/sparkline.js';

interface CounterChartProps {
  title: string;
  values: number[];
  current: string;
}

const WIDTH = 320;
const HEIGHT = 64;

/** A small SVG line chart of one counter over the last two minutes. */
export function CounterChart({ title, values, current }: CounterChartProps) {
  const { path, max } = sparkline(values, WIDTH, HEIGHT);
  return (
    <figure className="card chart">
      <figcaption>
        {title} <strong>{current}</strong> <span className="hint">max {max}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" height={HEIGHT} role="img" aria-label={title}>
        <line x1="0" y1={HEIGHT} x2={WIDTH} y2={HEIGHT} className="axis" />
        {path && <path d={path} className="series" />}
      </svg>
    </figure>
  );
}
