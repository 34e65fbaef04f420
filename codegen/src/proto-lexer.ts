/**
 * A `.proto` tokenizer that collects comments exactly as protoc's does (`io::Tokenizer`), so that
 * `strand generate` attaches the same comment to each definition as protoc records in its
 * `SourceCodeInfo` — which is what plugin mode reads. That is what makes the two modes'
 * documentation, and so their output, byte-identical. Only comment attachment is modelled here;
 * parsing stays with protobufjs.
 */

/** A token: an identifier, number, string literal or one symbol character. */
export interface Token {
  readonly text: string;
  /** 0-based line of its first character. */
  readonly line: number;
  /** 0-based column of its first character. */
  readonly col: number;
}

/** What {@link ProtoLexer.nextWithComments} found between the current token and the next. */
export interface CommentsAround {
  /** The comment after the token just passed (same line, or the next line(s) if then detached). */
  readonly trailing: string;
  /** The comment block directly before the next token. */
  readonly leading: string;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const NUMBER_PART = /[A-Za-z0-9_.]/;

/** protoc's `CommentCollector`: decides which comment block is trailing, detached or leading. */
class Collector {
  trailing = "";
  leading = "";
  private buffer = "";
  private has = false;
  private isLine = false;
  private canAttachToPrev = true;

  forLine(): void {
    if (this.has && !this.isLine) this.flush();
    this.has = true;
    this.isLine = true;
  }

  forBlock(): void {
    if (this.has) this.flush();
    this.has = true;
    this.isLine = false;
  }

  append(text: string): void {
    this.buffer += text;
  }

  clear(): void {
    this.buffer = "";
    this.has = false;
  }

  /** The buffered block is complete and not connected to the next token. */
  flush(): void {
    if (!this.has) return;
    if (this.canAttachToPrev) {
      this.trailing += this.buffer;
      this.canAttachToPrev = false;
    }
    this.clear();
  }

  detachFromPrev(): void {
    this.canAttachToPrev = false;
  }

  /** Whatever is still buffered leads the next token. */
  finish(): CommentsAround {
    if (this.has) this.leading = this.buffer;
    return { trailing: this.trailing, leading: this.leading };
  }
}

/** Tokens and comments of one `.proto` text; `current` is the token under the cursor (`undefined` at the end). */
export class ProtoLexer {
  private pos = 0;
  private line = 0;
  private col = 0;
  private started = false;
  current: Token | undefined;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  private char(): string {
    return this.text.charAt(this.pos);
  }

  private advance(): void {
    if (this.text.charAt(this.pos) === "\n") {
      this.line++;
      this.col = 0;
    } else this.col++;
    this.pos++;
  }

  private skipSpacesNoNewline(): void {
    while (this.pos < this.text.length && /[ \t\r\v\f]/.test(this.char())) this.advance();
  }

  /** `"line"`, `"block"` or `undefined` when no comment starts here (consuming its opener). */
  private commentStart(): "line" | "block" | undefined {
    if (this.char() !== "/") return undefined;
    const next = this.text.charAt(this.pos + 1);
    if (next !== "/" && next !== "*") return undefined;
    this.advance();
    this.advance();
    return next === "/" ? "line" : "block";
  }

  /** The rest of a line comment, newline included (as protoc records it). */
  private lineComment(): string {
    const start = this.pos;
    while (this.pos < this.text.length && this.char() !== "\n") this.advance();
    if (this.pos < this.text.length) this.advance();
    return this.text.slice(start, this.pos);
  }

  /** A block comment's content: each continuation line without its leading blanks and one `*`. */
  private blockComment(): string {
    let out = "";
    let start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.char();
      if (c === "\n") {
        this.advance();
        out += this.text.slice(start, this.pos);
        this.skipSpacesNoNewline();
        if (this.char() === "*") {
          this.advance();
          if (this.char() === "/") {
            this.advance();
            return out;
          }
        }
        start = this.pos;
      } else if (c === "*" && this.text.charAt(this.pos + 1) === "/") {
        out += this.text.slice(start, this.pos);
        this.advance();
        this.advance();
        return out;
      } else this.advance();
    }
    return out + this.text.slice(start, this.pos);
  }

  /** Reads the next token, skipping whitespace and comments (which are dropped). */
  next(): Token | undefined {
    this.started = true;
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.char())) this.advance();
      const kind = this.commentStart();
      if (kind === "line") this.lineComment();
      else if (kind === "block") this.blockComment();
      else break;
    }
    this.current = this.pos < this.text.length ? this.readToken() : undefined;
    return this.current;
  }

  private readToken(): Token {
    const start = this.pos;
    const at = { line: this.line, col: this.col };
    const c = this.char();
    if (IDENT_START.test(c)) while (IDENT_PART.test(this.char()) && this.pos < this.text.length) this.advance();
    else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(this.text.charAt(this.pos + 1)))) {
      while (this.pos < this.text.length && (NUMBER_PART.test(this.char()) || (/[eE]/.test(this.text.charAt(this.pos - 1)) && /[+-]/.test(this.char())))) this.advance();
    } else if (c === '"' || c === "'") {
      this.advance();
      while (this.pos < this.text.length && this.char() !== c && this.char() !== "\n") {
        if (this.char() === "\\") this.advance();
        this.advance();
      }
      if (this.char() === c) this.advance();
    } else this.advance();
    return { text: this.text.slice(start, this.pos), ...at };
  }

  /**
   * Moves past the current token to the next one, collecting the comments in between with
   * protoc's rules (`Tokenizer::NextWithComments`): a comment on the same line as the token
   * passed trails it; so does a block on the following lines that a blank line or the end of a
   * scope separates from the next token; the block directly before the next token leads it.
   */
  nextWithComments(): CommentsAround {
    const collector = new Collector();
    if (!this.started) {
      this.started = true;
      collector.detachFromPrev();
    } else {
      this.skipSpacesNoNewline();
      const kind = this.commentStart();
      if (kind === "line") {
        collector.forLine();
        collector.append(this.lineComment());
        collector.flush();
      } else if (kind === "block") {
        collector.forBlock();
        collector.append(this.blockComment());
        this.skipSpacesNoNewline();
        if (this.char() !== "\n") {
          collector.clear();
          this.next();
          return collector.finish();
        }
        this.advance();
        collector.flush();
      } else if (this.char() === "\n") this.advance();
      else {
        this.next();
        return collector.finish();
      }
    }
    for (;;) {
      this.skipSpacesNoNewline();
      const kind = this.commentStart();
      if (kind === "line") {
        collector.forLine();
        collector.append(this.lineComment());
      } else if (kind === "block") {
        collector.forBlock();
        collector.append(this.blockComment());
        this.skipSpacesNoNewline();
        if (this.char() === "\n") this.advance();
      } else if (this.char() === "\n") {
        this.advance();
        collector.flush();
        collector.detachFromPrev();
      } else {
        const token = this.next();
        if (token === undefined || token.text === "}" || token.text === "]" || token.text === ")") collector.flush();
        return collector.finish();
      }
    }
  }
}
