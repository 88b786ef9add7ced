/**
 * @module @smtp-settings/widget/vue
 * Vue 3 support for both elements: {@link isCustomElement} for the template compiler, and their entries in
 * Vue's `GlobalComponents`, so `vue-tsc` checks the props and `@smtp-settings-*` listeners of
 * `<smtp-settings>` and `<smtp-delivery-log>` in templates. Registers nothing: import `define.js` and
 * `delivery-log.js` for that.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import vue from '@vitejs/plugin-vue';
 * import { isCustomElement } from '@smtp-settings/widget/vue';
 *
 * export default defineConfig({ plugins: [vue({ template: { compilerOptions: { isCustomElement } } })] });
 * ```
 */
import type { DefineComponent } from 'vue';
import type {
  SmtpDeliveryLogEventMap,
  SmtpDeliveryLogProperties,
  SmtpSettingsEventMap,
  SmtpSettingsProperties,
} from './element-props.js';

/** `smtp-settings-save` → `SmtpSettingsSave`. */
type PascalCase<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<Name>;

/** One listener prop per event, named as Vue compiles `@smtp-settings-save`: `onSmtpSettingsSave`. */
type VueListenerProps<Events> = {
  [Name in keyof Events & string as `on${PascalCase<Name>}`]?: (event: Events[Name]) => void;
};

/** The props of `<smtp-settings>` in a Vue template: its properties and its events' listeners. */
export type SmtpSettingsVueProps = SmtpSettingsProperties & VueListenerProps<SmtpSettingsEventMap>;

/** The props of `<smtp-delivery-log>` in a Vue template: its properties and its events' listeners. */
export type SmtpDeliveryLogVueProps = SmtpDeliveryLogProperties & VueListenerProps<SmtpDeliveryLogEventMap>;

const TAGS: ReadonlySet<string> = new Set(['smtp-settings', 'smtp-delivery-log']);

/**
 * Tells Vue's template compiler that `tag` is one of this package's elements, so it leaves it to the
 * browser instead of resolving a Vue component. Combine it with your own check for other elements.
 */
export function isCustomElement(tag: string): boolean {
  return TAGS.has(tag);
}

declare module 'vue' {
  interface GlobalComponents {
    'smtp-settings': DefineComponent<SmtpSettingsVueProps>;
    'smtp-delivery-log': DefineComponent<SmtpDeliveryLogVueProps>;
  }
}
