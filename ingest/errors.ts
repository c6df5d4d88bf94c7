// The one error base class: every stage's errors carry a stable `code` (tests and the CLI key on it, never on text).
// It lives in the first stage so every later stage can extend it without an import running back up.

export class PapergraphError<C extends string = string> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An invalid option: the message names the stage and the field ("layout: invalid `iterations`, expecting …"). */
export class OptionError<C extends string = 'invalid-option'> extends PapergraphError<C> {
  readonly field: string;
  constructor(code: C, stage: string, field: string, expecting: string) {
    super(code, `${stage}: invalid \`${field}\`, ${expecting}`);
    this.field = field;
  }
}
