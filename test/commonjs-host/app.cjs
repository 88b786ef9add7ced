// A CommonJS host, as a NestJS or Express app is one: it require()s every entry point of the packages,
// uses them, and prints what it saw as JSON for commonjs-host.test.ts to check.
'use strict';
const { randomBytes } = require('node:crypto');
const { Hono } = require('hono');
const v = require('valibot');
const adapter = require('@smtp-settings/adapter');
const schema = require('@smtp-settings/schema');
const widget = require('@smtp-settings/widget');
require('@smtp-settings/widget/define.js');
require('@smtp-settings/widget/delivery-log.js');
const { SmtpSettings } = require('@smtp-settings/widget/react');
const { SmtpDeliveryLog } = require('@smtp-settings/widget/react/delivery-log');

const settings = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  username: 'mailer@example.com',
  password: 'pa55-Word!never-echo',
  fromEmail: 'notifications@example.com',
};

async function main() {
  const app = new Hono();
  app.route(
    '/api/smtp',
    adapter.createSmtpSettings({
      store: adapter.memoryStore(),
      secretKey: randomBytes(32).toString('base64'),
      publicUrl: 'https://app.example.test/api/smtp',
      authorize: () => true,
      requireTestBeforeSave: false,
    }),
  );
  const call = async (method, body) => {
    const response = await app.request('/api/smtp/settings', {
      method,
      headers: { Origin: 'https://app.example.test', 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const rejected = await call('PUT', { settings: { ...settings, port: 70000 } });
  const saved = await call('PUT', { settings });
  const read = await call('GET');

  const parsed = v.safeParse(schema.SmtpSettingsSchema, { ...settings, port: 70000 });

  // An app that also import()s the packages gets the very modules require() gave it.
  const imported = {
    adapter: await import('@smtp-settings/adapter'),
    schema: await import('@smtp-settings/schema'),
    widget: await import('@smtp-settings/widget'),
  };
  await import('@smtp-settings/widget/define.js');

  console.log(
    JSON.stringify({
      rejected: {
        status: rejected.status,
        code: rejected.body.error.code,
        fields: rejected.body.error.fields,
      },
      saved: saved.status,
      read: { status: read.status, host: read.body.settings.host, password: read.body.settings.password },
      fieldErrors: schema.fieldErrors(parsed.issues),
      sameAdapter: imported.adapter.ApiError === adapter.ApiError,
      sameSchema: imported.schema.SmtpSettingsSchema === schema.SmtpSettingsSchema,
      sameWidget: imported.widget.SmtpSettingsElement === widget.SmtpSettingsElement,
      defined: {
        settings: customElements.get('smtp-settings') === widget.SmtpSettingsElement,
        deliveryLog: customElements.get('smtp-delivery-log') === widget.SmtpDeliveryLogElement,
      },
      react: [typeof SmtpSettings, typeof SmtpDeliveryLog],
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
