import { SingleBar } from 'cli-progress';

/** A progress bar over orders placed, with the events written per second and the ETA. */
export const startProgress = (orders: number) => {
  const bar = new SingleBar({
    format:
      'seeding [{bar}] {percentage}% | {value}/{total} orders | {events} events | {rate} events/s | ETA {eta_formatted}',
    hideCursor: true,
    // Piped to a file or CI log, a line every 10 s instead of redrawing one.
    noTTYOutput: true,
    notTTYSchedule: 10_000,
    etaBuffer: 50,
  });
  const started = performance.now();
  let events = 0;
  let placed = 0;
  bar.start(orders, 0, { events: 0, rate: 0 });
  return {
    chunk(written: number, orderCount: number) {
      events += written;
      placed += orderCount;
      const seconds = (performance.now() - started) / 1000;
      bar.update(placed, { events, rate: Math.round(events / Math.max(seconds, 0.001)) });
    },
    stop() {
      bar.stop();
      return { events, seconds: (performance.now() - started) / 1000 };
    },
  };
};
