import 'uplot/dist/uPlot.min.css';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

import { type ChartMarker, drawMarkers } from '../lib/chart-markers.js';

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
}

interface TimeChartProps {
  title: string;
  /** Unit shown on the y axis and with every value (`requests`, `req/s`, `sockets`). */
  unit: string;
  /** Sample times in seconds since the epoch (uPlot's time scale). */
  times: number[];
  series: ChartSeries[];
  markers: ChartMarker[];
  /** The chart in words, for screen readers (the canvas is hidden from them). */
  summary: string;
}

const HEIGHT = 170;
const AXIS = '#3b4456';
const GRID = '#e3e7ee';

const formatValue = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : String(Math.round(value * 10) / 10);

function options(props: TimeChartProps, width: number, markers: { current: ChartMarker[] }): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    series: [
      {
        label: 'Time',
        value: (_u, v: number | null) => (v === null ? '–' : new Date(v * 1000).toLocaleTimeString()),
      },
      ...props.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => `${formatValue(v)} ${props.unit}`,
      })),
    ],
    axes: [
      { stroke: AXIS, grid: { stroke: GRID }, ticks: { stroke: GRID } },
      {
        stroke: AXIS,
        grid: { stroke: GRID },
        ticks: { stroke: GRID },
        label: props.unit,
        labelSize: 18,
        size: 44,
        values: (_u, splits) => splits.map((v) => formatValue(v)),
      },
    ],
    scales: { y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.15))] } },
    cursor: { drag: { x: false, y: false, setScale: false } },
    legend: { live: true },
    hooks: { draw: [(u) => drawMarkers(u, markers.current)] },
  };
}

/**
 * A live time series drawn with uPlot: time axis, y axis with its unit, values under the cursor in the legend,
 * and vertical markers for the drain's start and stages. Resizes with its container.
 */
export function TimeChart(props: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markers = useRef(props.markers);
  const seriesKey = props.series.map((s) => s.label).join('|');
  const data: uPlot.AlignedData = [props.times, ...props.series.map((s) => s.values)];

  useEffect(() => {
    const element = container.current;
    if (!element) {
      return;
    }
    const chart = new uPlot(options(props, Math.max(200, element.clientWidth), markers), data, element);
    plot.current = chart;
    const observer = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(200, element.clientWidth), height: HEIGHT }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series change; data updates go through setData below.
  }, [seriesKey, props.unit]);

  useEffect(() => {
    markers.current = props.markers;
    plot.current?.setData(data);
  });

  return (
    <figure className="card chart">
      <figcaption>
        <strong>{props.title}</strong> <span className="hint">({props.unit})</span>
      </figcaption>
      <p className="visually-hidden">{props.summary}</p>
      <div ref={container} className="chart-canvas" aria-hidden="true" />
    </figure>
  );
}
