// Converting between a wall-clock time in a named zone (what a datetime-local input holds) and
// an instant, with Intl only: the zone's offset at an instant is read back from formatToParts.

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const offsetAt = (instant: number, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - (instant - (instant % 1000));
};

/** '2026-03-01T09:30' in `timeZone` → ISO instant; undefined when the text is not such a time. */
export const zonedToIso = (local: string, timeZone: string): string | undefined => {
  const match = localPattern.exec(local);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0);
  if (Number.isNaN(wall)) return undefined;
  // Twice: the first guess may sit on the other side of a daylight-saving change.
  let instant = wall - offsetAt(wall, timeZone);
  instant = wall - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
};
