/** The run was stopped by its signal; a later run finishes it. */
export class DemoInterrupted extends Error {
  constructor() {
    super('The demo was interrupted; what it made is kept, and running it again finishes it.');
    this.name = 'DemoInterrupted';
  }
}

/** The run did not start, and changed nothing: the message says why, on one line. */
export class DemoRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoRefused';
  }
}
