/**
 * The chat page's script, bundled for the browser by server.ts: `strand/web` and the generated
 * Chat client over a WebSocket to the same origin's `/api`. Joining opens one server stream for
 * the room; when it ends with `Unavailable` (connection lost, server restarting) or `Aborted` (this
 * tab fell behind), the page joins again from the last message it saw, so it misses nothing.
 */
import { Code, createClient, createWebChannel, RpcError } from "strand/web";
import { BadRequest } from "strand/errors";
import { timestampToDate } from "strand/protobuf";
import { Chat, type ChatMessage, type Event } from "./gen/chat/v1/chat.ts";
import { document, type Element, type InputElement, localStorage, location } from "./dom.ts";

/** Messages kept on screen; older ones are removed like the server forgets them. */
const MAX_SHOWN = 200;

function element<T extends Element>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`index.html has no #${id}`);
  return found as T;
}

const ui = {
  room: element("room"),
  status: element("status"),
  members: element("members"),
  join: element("join"),
  name: element<InputElement>("name"),
  messages: element("messages"),
  composer: element("composer"),
  text: element<InputElement>("text"),
  error: element("error"),
};

const room = location.hash.slice(1) || "lobby";
ui.room.textContent = room;
ui.name.value = localStorage.getItem("chat-name") ?? "";

// The channel reconnects by itself (backoff capped at 5 s here: a person is waiting).
const channel = createWebChannel(new URL("/api", location.href.replace(/^http/, "ws")).href, { backoff: { maxMs: 5_000 } });
const chat = createClient(Chat, channel);

function setStatus(text: string, live: boolean): void {
  ui.status.textContent = text;
  ui.status.classList.toggle("live", live);
}

/** Shows an error; a `BadRequest` detail shows as its field violations, which say what to fix. */
function showError(error: RpcError | undefined): void {
  if (error === undefined) {
    ui.error.textContent = "";
    return;
  }
  const violations = error.findDetails(BadRequest).flatMap((b) => b.fieldViolations);
  ui.error.textContent = violations.length > 0 ? violations.map((v) => `${v.field}: ${v.description}`).join(" · ") : `${Code[error.code]}: ${error.message}`;
}

function render(message: ChatMessage, me: string): void {
  const item = document.createElement("li");
  item.classList.toggle("mine", message.name === me);
  const who = document.createElement("b");
  who.textContent = message.name;
  const when = document.createElement("time");
  const sent = message.sentAt === undefined ? new Date() : timestampToDate(message.sentAt);
  when.dateTime = sent.toISOString();
  when.textContent = sent.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  item.append(who, message.text, when);
  const atBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 40;
  ui.messages.append(item);
  while (ui.messages.childElementCount > MAX_SHOWN) ui.messages.firstElementChild?.remove();
  if (atBottom || message.name === me) ui.messages.scrollTop = ui.messages.scrollHeight;
}

/** Stays in the room until the page closes: joins, and rejoins from `lastSeq` when that may help. */
async function stay(name: string): Promise<void> {
  let lastSeq = 0n;
  let pauseMs = 250;
  for (;;) {
    try {
      // waitForReady: while the channel reconnects, the call waits for it instead of failing.
      for await (const event of chat.join({ room, name, afterSeq: lastSeq }, { waitForReady: true })) {
        setStatus("live", true);
        pauseMs = 250;
        lastSeq = apply(event, name, lastSeq);
      }
    } catch (e) {
      const error = RpcError.from(e);
      if (error.code !== Code.Unavailable && error.code !== Code.Aborted) {
        setStatus("left", false);
        showError(error);
        return;
      }
    }
    setStatus("reconnecting…", false);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    pauseMs = Math.min(pauseMs * 2, 5_000);
  }
}

/** Applies one event to the page; returns the last message `seq` seen. */
function apply(event: Event, me: string, lastSeq: bigint): bigint {
  switch (event.kind.case) {
    case "message":
      if (event.kind.value.seq <= lastSeq) return lastSeq;
      render(event.kind.value, me);
      return event.kind.value.seq;
    case "presence":
      ui.members.textContent = `here: ${event.kind.value.names.join(", ")}`;
      return lastSeq;
    default:
      return lastSeq;
  }
}

ui.join.addEventListener("submit", (e) => {
  e.preventDefault();
  const name = ui.name.value.trim();
  if (name === "") return void (ui.error.textContent = "name: must not be empty");
  localStorage.setItem("chat-name", name);
  ui.join.hidden = true;
  ui.composer.hidden = false;
  showError(undefined);
  setStatus("joining…", false);
  ui.text.focus();
  void stay(name);
});

/** Counts posts, so the answer to an older one never clears what a newer one typed or showed. */
let posts = 0;

// Nothing is checked here on purpose: the server's BadRequest is what the page shows.
ui.composer.addEventListener("submit", async (e) => {
  e.preventDefault();
  const text = ui.text.value;
  const post = ++posts;
  try {
    await chat.post({ room, name: ui.name.value.trim(), text }, { timeoutMs: 5_000 });
    if (ui.text.value === text) ui.text.value = "";
    if (post === posts) showError(undefined);
  } catch (error) {
    if (post === posts) showError(RpcError.from(error));
  }
});
