import { randomUUID } from 'node:crypto';
import type { AppRegistration } from '../local-oauth/app-registration.js';
import { type GraphAnswer, graphError } from './graph-answer.js';
import { userNotFound } from './graph-failures.js';

/** What the local Graph's tenant holds: one mailbox and one app registration. */
export interface GraphDirectory {
  /** Whether `id` (an address in any case, or the object ID) names the mailbox. */
  isMailbox(id: string): boolean;
  /** `GET /v1.0/users/{id}`: the mailbox's user, or Graph's 404. */
  user(id: string, origin: string): GraphAnswer;
  /** `GET /v1.0/applications(appId='{appId}')`: the registration's client secret (hint, dates), or Graph's 404. */
  application(appId: string, origin: string): GraphAnswer;
}

/** Options of {@link graphDirectory}. */
export interface GraphDirectoryOptions {
  /** The mailbox's address. */
  account: string;
  /** The app registration. */
  registration: AppRegistration;
  /** When its client secret expires. */
  secretExpiresAt: Date;
  /** Now, from which the secret was made a day before. */
  now: Date;
}

// The mailbox's object ID: Graph takes it in place of the address too.
const USER_ID = '7d5c1a3e-4b2f-4e8a-9c61-0f3b2a1d5e47';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The tenant of the local Graph, answering as Graph does: a user with `displayName`, `mail` and
 * `userPrincipalName`; an application with one password credential whose `hint` is the first three
 * characters of the client secret, as Entra ID shows it.
 *
 * @example
 * const directory = graphDirectory({ account, registration, secretExpiresAt, now: new Date() });
 */
export function graphDirectory({
  account,
  registration,
  secretExpiresAt,
  now,
}: GraphDirectoryOptions): GraphDirectory {
  const secret = {
    customKeyIdentifier: null,
    displayName: 'smtp-settings demo',
    endDateTime: secretExpiresAt.toISOString(),
    hint: registration.clientSecret.slice(0, 3),
    keyId: randomUUID(),
    secretText: null,
    startDateTime: new Date(now.getTime() - DAY_MS).toISOString(),
  };
  const isMailbox = (id: string) => id.toLowerCase() === account.toLowerCase() || id === USER_ID;
  return {
    isMailbox,
    user: (id, origin) =>
      isMailbox(id)
        ? {
            status: 200,
            body: {
              '@odata.context': `${origin}/v1.0/$metadata#users(displayName,mail,userPrincipalName)/$entity`,
              id: USER_ID,
              displayName: 'Notifications',
              mail: account,
              userPrincipalName: account,
            },
          }
        : userNotFound(id),
    application: (appId, origin) =>
      appId.toLowerCase() === registration.clientId.toLowerCase()
        ? {
            status: 200,
            body: {
              '@odata.context': `${origin}/v1.0/$metadata#applications(passwordCredentials)/$entity`,
              passwordCredentials: [secret],
            },
          }
        : graphError(
            404,
            'Request_ResourceNotFound',
            `Resource '${appId}' does not exist or one of its queried reference-property objects are not present.`,
          ),
  };
}
