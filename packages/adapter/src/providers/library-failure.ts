/** What a token endpoint said when it refused, reduced to the parts that are safe to repeat. */
export interface ProviderRefusal {
  /** The OAuth error code, e.g. `invalid_grant`. */
  error?: string;
  /** The provider's own error number, e.g. Microsoft's AADSTS number `700082`. */
  errorNumber?: string;
  /** The provider's error description. */
  description?: string;
  /** The HTTP status of the token response. */
  status?: number;
}

/**
 * What a failed MSAL or gaxios call says about its cause, reduced to parts that are safe to repeat: the
 * errors themselves are never kept, as they carry the request (body with secrets, trace IDs) along.
 */
export type LibraryFailure =
  /** The provider answered with an OAuth error. */
  | { kind: 'refused'; refusal: ProviderRefusal }
  /** No answer came: DNS, connection, TLS or timeout; `reason` is the library's code, e.g. `ECONNREFUSED`. */
  | { kind: 'unreachable'; reason?: string }
  /** The library gave up before or after asking, e.g. `openid_config_error`; `reason` is its error code. */
  | { kind: 'client'; reason?: string };
