/** Hono environment of the sub-app: what the guard puts on the context for the routes. */
export type SmtpSettingsEnv = {
  Variables: {
    /** Whose settings this request reads and writes. */
    tenant: string;
    /** Who is making the request, for the audit trail. */
    actor: string;
  };
};
