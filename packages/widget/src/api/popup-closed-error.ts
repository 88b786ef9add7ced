/** The admin closed the sign-in window before the OAuth flow completed. */
export class PopupClosedError extends Error {
  /** Builds the error with a message an admin understands. */
  constructor(message = 'The sign-in window was closed before the sign-in finished.') {
    super(message);
    this.name = 'PopupClosedError';
  }
}
