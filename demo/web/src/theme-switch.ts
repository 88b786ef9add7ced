import { type PreferenceValue, themePreference } from './preferences.js';

/** One of the demo's themes. */
export type Theme = PreferenceValue<typeof themePreference>;

/** Switches page and element to `theme`; the variables per theme live in `styles/page.css`. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** Applies the remembered theme on a page without a theme switch. */
export function applySavedTheme(): void {
  applyTheme(themePreference.read());
}
