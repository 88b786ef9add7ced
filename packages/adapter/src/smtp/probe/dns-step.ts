import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { SmtpFailure } from '../../failures/smtp-failure.js';
import { cleanServerText } from '../smtp-reply.js';
import type { ProbeContext, StepDetail, StepOutcome } from './probe-context.js';
import { ProbeError } from './probe-error.js';
import { waitFor } from './wait-for.js';

/** One address the probe may connect to. */
export interface AllowedAddress {
  /** The IP address, checked by the host policy. */
  address: string;
  /** Its family. */
  family: 4 | 6;
}

/** The host after the DNS step. */
export interface ResolvedHost {
  /** The host name in ASCII (or the IP address), for SNI and the certificate check. */
  host: string;
  /** The addresses the host policy allowed, in resolver order. */
  addresses: AllowedAddress[];
}

/**
 * The `dns` step: resolves the host (an IP address skips the lookup) and keeps the addresses the
 * host policy allows; with none left it fails with `HOST_NOT_ALLOWED`.
 */
export async function dnsStep(context: ProbeContext): Promise<StepOutcome<ResolvedHost>> {
  const { target, timeouts, signal } = context;
  const typed = target.host.trim().replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(typed);
  const host = literal === 0 ? domainToASCII(typed) : typed;
  if (host === '') {
    throw new SmtpFailure('DNS_NOT_FOUND', 'failure.hostInvalid', {
      stage: 'dns',
      params: { host: quote(typed) },
    });
  }

  const found: AllowedAddress[] =
    literal === 0
      ? await waitFor<AllowedAddress[]>(
          {
            signal,
            timeoutMs: timeouts.connect,
            timeoutError: () =>
              new ProbeError('ETIMEDOUT', 'failure.waitDns', {
                host: quote(host),
                limitMs: timeouts.connect,
              }),
          },
          (resolve, reject) => {
            lookup(host, { all: true }).then(
              (answers) =>
                resolve(answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }))),
              reject,
            );
            return undefined;
          },
        )
      : [{ address: host, family: literal === 6 ? 6 : 4 }];

  const allowed: AllowedAddress[] = [];
  const blocked: string[] = [];
  for (const candidate of found) {
    if (await isAllowed(context, host, candidate)) allowed.push(candidate);
    else blocked.push(candidate.address);
  }

  const shown = typed === host ? quote(host) : `${quote(typed)} (${host})`;
  const addresses = blocked.join(', ');
  if (allowed.length === 0) {
    const [key, params] =
      literal === 0
        ? (['failure.hostBlocked', { host: shown, addresses }] as const)
        : (['failure.addressBlocked', { addresses }] as const);
    throw new SmtpFailure('HOST_NOT_ALLOWED', key, { stage: 'dns', params });
  }
  const resolved = { host: shown, addresses: allowed.map(({ address }) => address).join(', ') };
  const detail: StepDetail =
    literal !== 0
      ? { key: 'detail.ipAddress', params: { host } }
      : blocked.length > 0
        ? { key: 'detail.dnsResolvedSomeBlocked', params: { ...resolved, blocked: addresses } }
        : { key: 'detail.dnsResolved', params: resolved };
  return { value: { host, addresses: allowed }, detail };
}

async function isAllowed(
  context: ProbeContext,
  host: string,
  { address, family }: AllowedAddress,
): Promise<boolean> {
  try {
    return (await context.hostPolicy({ host, address, family, port: context.target.port })) === true;
  } catch {
    // A policy that cannot decide must not let the connection through.
    return false;
  }
}

function quote(name: string): string {
  return `"${cleanServerText(name, 255)}"`;
}
