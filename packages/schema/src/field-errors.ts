import * as v from 'valibot';

/**
 * Turns validation issues into `{ [fieldPath]: message }`, keeping the first message of each path and
 * putting issues about the whole input under `''`; only messages are copied, never input values.
 */
export function fieldErrors(
  issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]],
): Record<string, string> {
  const { root, nested, other } = v.flatten(issues);
  const errors: Record<string, string> = {};
  const rootMessage = root?.[0] ?? other?.[0];
  if (rootMessage !== undefined) errors[''] = rootMessage;
  for (const [path, messages] of Object.entries(nested ?? {})) {
    if (messages?.[0] !== undefined) errors[path] = messages[0];
  }
  // flatten() assigns paths as plain keys, so an unknown "__proto__" key becomes the prototype of
  // `nested` instead of an entry; recover such paths from the issues with the same getDotPath().
  for (const issue of issues) {
    const path = v.getDotPath(issue);
    if (path && !Object.hasOwn(errors, path)) {
      Object.defineProperty(errors, path, {
        value: issue.message,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return errors;
}
