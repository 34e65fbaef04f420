import { timestampNow } from "strand";
import type { ChatMessage, SupportHandlers } from "./gen/shop/v1/support.ts";

/** A support bot: answers each message as it arrives (bidi streaming). */
export const supportHandlers: SupportHandlers = {
  async *chat(messages) {
    for await (const message of messages) {
      yield reply(message);
    }
  },
};

function reply(message: ChatMessage): ChatMessage {
  const base = { from: "support-bot", sentAt: timestampNow() };
  switch (message.body.case) {
    case "orderId":
      return { ...base, body: { case: "text", value: `Order ${message.body.value} is confirmed and will ship tomorrow.` } };
    case "text":
      return { ...base, body: { case: "text", value: /hello|hi/i.test(message.body.value) ? `Hello ${message.from}! How can I help?` : "Noted. Anything else?" } };
    case undefined:
      return { ...base, body: { case: "text", value: "Did you mean to send something?" } };
  }
}
