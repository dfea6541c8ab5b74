/**
 * The colours of the built-in pages: neutral greys and one accent. Kept as data (not only CSS) so a
 * test can check every text/background pair against WCAG AA contrast.
 */
export interface Palette {
  /** Page background. */
  bg: string;
  /** Card background. */
  surface: string;
  text: string;
  /** Secondary text (hints, footers). */
  muted: string;
  /** Decorative lines (card edge, dividers). */
  border: string;
  /** Input and secondary-button borders: a UI boundary, so ≥ 3:1 against the surface. */
  fieldBorder: string;
  accent: string;
  accentHover: string;
  /** Text on the accent (primary buttons). */
  onAccent: string;
  /** Input background. */
  field: string;
  dangerBg: string;
  dangerText: string;
  dangerBorder: string;
}

/** Light scheme (the default). */
export const lightPalette: Readonly<Palette> = {
  bg: '#f3f4f6',
  surface: '#ffffff',
  text: '#15171c',
  muted: '#575e6b',
  border: '#e2e5ea',
  fieldBorder: '#848b99',
  accent: '#2f55d4',
  accentHover: '#2445b3',
  onAccent: '#ffffff',
  field: '#ffffff',
  dangerBg: '#fdf1f1',
  dangerText: '#a3201d',
  dangerBorder: '#efc3c1',
};

/** Dark scheme, used under `prefers-color-scheme: dark`. */
export const darkPalette: Readonly<Palette> = {
  bg: '#0e1014',
  surface: '#181b22',
  text: '#e9ebef',
  muted: '#a3aab7',
  border: '#2b303b',
  fieldBorder: '#727a8a',
  accent: '#8fa8ff',
  accentHover: '#aabdff',
  onAccent: '#0c1230',
  field: '#11141a',
  dangerBg: '#3a1719',
  dangerText: '#ffb9b5',
  dangerBorder: '#6f2b2e',
};
