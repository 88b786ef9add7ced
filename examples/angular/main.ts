/**
 * Starts the Angular app on the example's page (zoneless, Angular's default since v21).
 *
 * @module
 */
import { bootstrapApplication } from '@angular/platform-browser';
import { MailSettingsComponent } from './mail-settings.component.js';

bootstrapApplication(MailSettingsComponent).catch((error: unknown) => console.error(error));
