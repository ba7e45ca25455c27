import passport from 'passport';

let registered = 0;

/**
 * Registers a strategy under a name of its own besides its shared one, for the guards of its own
 * application to name. Passport's registry is global to the process, and several applications may
 * run in one process (the tests do): a shared name runs whichever application registered last.
 */
export function registerOwnName(name: string, strategy: passport.Strategy): string {
  registered += 1;
  const own = `${name}#${registered}`;
  passport.use(own, strategy);
  return own;
}

export function unregister(ownName: string): void {
  passport.unuse(ownName);
}
