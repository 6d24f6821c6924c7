import type { z } from 'zod';
import type { projectionStatusSchema, rebuildProgressSchema } from './status-schema.ts';

type Status = z.infer<typeof projectionStatusSchema>;
type Progress = z.infer<typeof rebuildProgressSchema>;

const count = (value: number): string => Math.round(value).toLocaleString('en-US');

const duration = (seconds: number | null): string => {
  if (seconds === null) return '?';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes} min ${Math.round(seconds % 60)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

/** `[██████░░░░] 61.2%  1,234,567/2,000,000  3,210 events/s  ETA 12 s` */
export const progressLine = (progress: Progress, width = 30): string => {
  const filled = Math.round(progress.progress * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const percent = `${(progress.progress * 100).toFixed(1)}%`.padStart(6);
  const where = `${count(progress.position?.commit ?? 0)}/${count(progress.head?.commit ?? 0)}`;
  const tail = progress.done
    ? 'done'
    : `${count(progress.eventsPerSecond)} events/s  ETA ${duration(progress.etaSeconds)}`;
  return `[${bar}] ${percent}  ${where}  ${tail}`;
};

/** The read models as a table, one per line, with a progress line under one being rebuilt. */
export const statusTable = (items: readonly Status[]): string => {
  const rows = items.map((item) => [
    item.name,
    item.state,
    item.collection ?? '-',
    item.checkpoint === null ? '-' : count(item.checkpoint.commit),
    item.lagEvents === null ? '?' : count(item.lagEvents),
    count(item.eventsPerSecond),
  ]);
  const header = ['read model', 'state', 'collection', 'checkpoint', 'lag (events)', 'events/s'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [line(header)];
  items.forEach((item, index) => {
    lines.push(line(rows[index] ?? []));
    if (item.rebuild !== null)
      lines.push(`  rebuild into ${item.rebuild.collection}: ${progressLine(item.rebuild)}`);
  });
  return lines.join('\n');
};
