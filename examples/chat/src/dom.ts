/**
 * The slice of the browser's DOM that page.ts uses, typed here instead of through TypeScript's
 * `dom` library: the example compiles together with the library's sources (tsconfig `paths`),
 * which are typed against Bun's globals, and adding `dom` to that program changes the types of
 * `WebSocket` under them. A page in a project of its own would just use `lib: ["dom"]`.
 */

/** An element, with the members the page touches. */
export interface Element {
  textContent: string | null;
  hidden: boolean;
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly childElementCount: number;
  readonly firstElementChild: Element | null;
  readonly classList: { toggle(name: string, force?: boolean): boolean };
  append(...children: (Element | string)[]): void;
  remove(): void;
  focus(): void;
  addEventListener(type: "submit", listener: (event: { preventDefault(): void }) => void): void;
}

/** An `<input>`. */
export interface InputElement extends Element {
  value: string;
}

/** A `<time>`. */
export interface TimeElement extends Element {
  dateTime: string;
}

interface Dom {
  readonly document: {
    getElementById(id: string): Element | null;
    createElement(tag: "time"): TimeElement;
    createElement(tag: "li" | "b"): Element;
  };
  readonly location: { readonly hash: string; readonly href: string };
  readonly localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** The page's `document`, `location` and `localStorage`. */
export const { document, location, localStorage } = globalThis as unknown as Dom;
