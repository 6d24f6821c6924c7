export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

export const THEME_COOKIE = 'ol_theme';
export const TIME_ZONE_COOKIE = 'ol_tz';

const isTheme = (value: string | undefined): value is Theme =>
  themes.some((theme) => theme === value);

export const themeOf = (value: string | undefined): Theme => (isTheme(value) ? value : 'system');

/** A zone the runtime knows, or UTC: the cookie is outside data. */
export const timeZoneOf = (value: string | undefined): string => {
  if (value === undefined || value.length > 64) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    return 'UTC';
  }
};
